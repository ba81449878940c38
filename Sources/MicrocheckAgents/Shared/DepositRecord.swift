import Microbilling
import MicrocheckCompression
import MicrocheckCrypto
import MicrocheckWire

/// A journaled purchase as it travels from a merchant to a gateway and on
/// to clearing (protocol-spec/wire-protocol.md, "Deposit records"): the
/// microcheck id in clear, so a gateway can spool and acknowledge without
/// reading further, then the offer, the payer's key, the microcheck and the
/// credentials, deflated with dictionary 1.
public enum DepositRecord {
    /// The most bytes a record may expand to.
    public static let maximumExpanded = 64 * 1024

    /// The record of `purchase`.
    public static func encode(_ purchase: AcceptedPurchase) throws(AgentError) -> [UInt8] {
        var body = WireWriter()
        let offer = purchase.offer
        for text in [offer.merchantName, offer.merchantID, offer.merchantPrincipal, offer.product, offer.productCategory,
                     offer.price.currency.code] { body.string(text) }
        body.integer(offer.price.currency.minorDigits)
        body.varint(UInt64(offer.price.minorUnits))
        body.varint(UInt64(max(0, offer.time.secondsSince1970)))
        body.string(offer.appDomain)
        body.string(offer.nonce)
        body.integer(offer.history.purchasesToday)
        body.varint(UInt64(offer.history.spentTodayMinor))
        body.varint(UInt64(offer.history.secondsSinceLast))
        body.string(purchase.payer.encoded(.base64))
        body.string(purchase.microcheck)
        body.integer(purchase.credentials.count)
        for credential in purchase.credentials { body.string(credential) }
        var record = WireWriter()
        record.string(purchase.microcheckID)
        do {
            record.blob(try AssertionCompressor.dictionary1.compress(body.bytes))
        } catch {
            throw AgentError(.internal, "cannot compress a deposit record: \(error)")
        }
        return record.bytes
    }

    /// The microcheck id of a record, without expanding it.
    public static func microcheckID(of record: [UInt8]) throws(WireError) -> String {
        var reader = WireReader(record)
        let id = try reader.string(maximum: 64)
        guard id.count == 32, id.allSatisfy(\.isHexDigit) else { throw WireError(.invalidValue, at: 0, "not a microcheck id") }
        return id
    }

    /// Reads a record back; every field is checked again (a record is input).
    public static func decode(_ record: [UInt8]) throws(AgentError) -> AcceptedPurchase {
        do {
            var outer = WireReader(record)
            let id = try outer.string(maximum: 64)
            let packed = try outer.blob(maximum: WireLimits.depositBatch)
            try outer.finish()
            let bytes: [UInt8]
            do {
                bytes = try AssertionCompressor.dictionary1.expand(packed, maximum: maximumExpanded)
            } catch {
                throw AgentError(.protocolViolation, "deposit record \(id): \(error)")
            }
            var body = WireReader(bytes)
            let merchantName = try body.string(maximum: WireLimits.nameLength)
            let merchantID = try body.string(maximum: WireLimits.wordLength)
            let principal = try body.string(maximum: WireLimits.principalLength)
            let product = try body.string(maximum: WireLimits.nameLength)
            let category = try body.string(maximum: WireLimits.wordLength)
            let currencyCode = try body.string(maximum: WireLimits.wordLength)
            let digits = try body.integer(in: 0...4)
            let amount = Int64(try body.integer(in: 0...999_999_999))
            let time = Int64(try body.integer(in: 0...253_402_300_799))
            let domain = try body.string(maximum: WireLimits.wordLength)
            let nonce = try body.string(maximum: 32)
            let purchasesToday = try body.integer(in: 0...999_999_999)
            let spent = Int64(try body.integer(in: 0...999_999_999))
            let since = Int64(try body.integer(in: 0...999_999_999))
            let payerText = try body.string(maximum: WireLimits.principalLength)
            let microcheck = try body.string(maximum: Microcheck.maximumSize)
            let count = try body.integer(in: 0...PurchaseSubmission.maximumCredentials)
            var credentials: [String] = []
            for _ in 0..<count { credentials.append(try body.string(maximum: SignedCredential.maximumSize)) }
            try body.finish()
            guard let payer = try? KeyNoteKey.parse(payerText) else { throw AgentError(.protocolViolation, "deposit record \(id): payer is not a key") }
            let offer = try Offer(merchantName: merchantName, merchantID: merchantID, merchantPrincipal: principal, product: product,
                                  productCategory: category, price: Money(minorUnits: amount, currency: Currency(code: currencyCode, minorDigits: digits)),
                                  time: UTCTime(secondsSince1970: time), appDomain: domain, nonce: nonce,
                                  history: MerchantHistory(purchasesToday: purchasesToday, spentTodayMinor: spent, secondsSinceLast: since))
            return AcceptedPurchase(offer: offer, payer: payer, microcheck: microcheck, credentials: credentials, microcheckID: id)
        } catch let error as AgentError {
            throw error
        } catch let error as WireError {
            throw AgentError(.protocolViolation, "deposit record: \(error)")
        } catch {
            throw AgentError(.protocolViolation, "deposit record: \(error)")
        }
    }
}
