import Microbilling
import MicrocheckCrypto
import MicrocheckWire

/// An offer as the microbilling rules see it, and as it crosses the link
/// (the merchant card standing for the merchant's fixed fields).
public enum OfferTranslation {
    /// The card of a merchant terminal.
    public static func card(of terminal: MerchantTerminal, currency: Currency) -> MerchantCard {
        MerchantCard(merchantID: terminal.merchantID, name: terminal.name, appDomain: terminal.policy.appDomain,
                     currencyCode: currency.code, minorDigits: currency.minorDigits, principal: terminal.key.encoded(.base64))
    }

    /// The wire form of `offer`.
    public static func wire(_ offer: Offer, cardID: [UInt8], selection: Int) throws(AgentError) -> WireOffer {
        let nonce: [UInt8]
        do {
            nonce = try KeyNoteHex.decode(offer.nonce)
        } catch {
            throw AgentError(.internal, "offer nonce: \(error.reason)")
        }
        return WireOffer(cardID: cardID, selection: selection, product: offer.product, category: offer.productCategory,
                         amountMinor: offer.price.minorUnits, time: offer.time.secondsSince1970, nonce: nonce,
                         purchasesToday: offer.history.purchasesToday, spentTodayMinor: offer.history.spentTodayMinor,
                         secondsSinceLast: offer.history.secondsSinceLast)
    }

    /// The offer a payer reads from the wire with the merchant's card.
    public static func offer(_ wire: WireOffer, card: MerchantCard) throws(AgentError) -> Offer {
        do {
            let currency = try Currency(code: card.currencyCode, minorDigits: card.minorDigits)
            return try Offer(merchantName: card.name, merchantID: card.merchantID, merchantPrincipal: card.principal,
                             product: wire.product, productCategory: wire.category,
                             price: Money(minorUnits: wire.amountMinor, currency: currency),
                             time: UTCTime(secondsSince1970: wire.time), appDomain: card.appDomain,
                             nonce: KeyNoteHex.encode(wire.nonce),
                             history: MerchantHistory(purchasesToday: wire.purchasesToday, spentTodayMinor: wire.spentTodayMinor,
                                                      secondsSinceLast: wire.secondsSinceLast))
        } catch {
            throw AgentError(.protocolViolation, "offer: \(error.reason)")
        }
    }
}
