import MicrocheckCrypto

/// A merchant's offer for one purchase (paper, section 3.3): what is sold, for
/// how much, when, under a fresh nonce, with the merchant's history of this
/// payer. Its attributes are the action the compliance checker decides on.
public struct Offer: Sendable, Hashable {
    /// The merchant's display name, e.g. `LEE'S DELI`. Shown to the payer; never decides.
    public var merchantName: String
    /// The merchant's unique id, assigned by the PA.
    public var merchantID: String
    /// The merchant's public key as a KeyNote principal string: the microcheck's Licensee.
    public var merchantPrincipal: String
    /// The product's name.
    public var product: String
    /// The product's category.
    public var productCategory: String
    /// The price.
    public var price: Money
    /// When the offer was made.
    public var time: UTCTime
    /// The application domain.
    public var appDomain: String
    /// 128 random bits as 32 lowercase hex digits.
    public var nonce: String
    /// The merchant's record of this payer.
    public var history: MerchantHistory

    /// Creates an offer after checking every field.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidValue`` naming
    ///   the first field that is not acceptable.
    public init(merchantName: String, merchantID: String, merchantPrincipal: String, product: String,
                productCategory: String, price: Money, time: UTCTime, appDomain: String, nonce: String,
                history: MerchantHistory) throws(MicrobillingError) {
        try Token.require(Token.isDisplayText(merchantName), "merchant name", merchantName)
        try Token.require(Token.isIdentifier(merchantID), "merchant id", merchantID)
        try Token.require(Token.isWord(appDomain), "app_domain", appDomain)
        try Self.checkPurchase(product: product, productCategory: productCategory, time: time, nonce: nonce)
        guard let key = try? KeyNoteKey.parse(merchantPrincipal), key.encoded(.base64) == merchantPrincipal else {
            throw MicrobillingError(.invalidValue, "the merchant principal is not a public key in base64 KeyNote form")
        }
        self.merchantName = merchantName
        self.merchantID = merchantID
        self.merchantPrincipal = merchantPrincipal
        self.product = product
        self.productCategory = productCategory
        self.price = price
        self.time = time
        self.appDomain = appDomain
        self.nonce = nonce
        self.history = history
    }

    /// Another offer of the same merchant, in the same domain: the merchant's
    /// fields are this offer's, already checked, and only the purchase's
    /// fields are checked (what a reader of many offers of one merchant
    /// needs, instead of reading the merchant's key again for each).
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidValue`` naming
    ///   the first field that is not acceptable.
    public func sibling(product: String, productCategory: String, price: Money, time: UTCTime, nonce: String,
                        history: MerchantHistory) throws(MicrobillingError) -> Offer {
        try Self.checkPurchase(product: product, productCategory: productCategory, time: time, nonce: nonce)
        var offer = self
        offer.product = product
        offer.productCategory = productCategory
        offer.price = price
        offer.time = time
        offer.nonce = nonce
        offer.history = history
        return offer
    }

    /// The checks on the fields that differ from one purchase to the next.
    private static func checkPurchase(product: String, productCategory: String, time: UTCTime, nonce: String) throws(MicrobillingError) {
        try Token.require(Token.isDisplayText(product), "product", product)
        try Token.require(Token.isWord(productCategory), "product category", productCategory)
        try Token.require(Token.isHex(nonce, length: 32), "nonce", nonce)
        try Token.require(UTCTime.years.contains(time.parts.year), "offer time", time.stamp)
    }

    /// A fresh nonce: 16 bytes from the system's CSPRNG.
    public static func freshNonce() throws(MicrobillingError) -> String {
        do {
            return KeyNoteHex.encode(try SecureRandom.bytes(16))
        } catch {
            throw MicrobillingError(.keyFailure, "no random bytes for a nonce: \(error.reason)")
        }
    }

    /// The action attributes, in a fixed order.
    public var attributes: [(name: String, value: String)] {
        [
            (OfferAttribute.appDomain, appDomain),
            (OfferAttribute.merchant, merchantName),
            (OfferAttribute.merchantID, merchantID),
            (OfferAttribute.currency, price.currency.code),
            (OfferAttribute.amount, price.decimalText),
            (OfferAttribute.amountMinor, String(price.minorUnits)),
            (OfferAttribute.product, product),
            (OfferAttribute.productCategory, productCategory),
            (OfferAttribute.date, time.dateText),
            (OfferAttribute.timestamp, time.stamp),
            (OfferAttribute.nonce, nonce),
            (OfferAttribute.purchasesToday, String(history.purchasesToday)),
            (OfferAttribute.spentTodayMinor, String(history.spentTodayMinor)),
            (OfferAttribute.secondsSinceLast, String(history.secondsSinceLast)),
        ]
    }
}
