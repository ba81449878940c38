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
        try Token.require(Token.isDisplayText(product), "product", product)
        try Token.require(Token.isWord(productCategory), "product category", productCategory)
        try Token.require(Token.isWord(appDomain), "app_domain", appDomain)
        try Token.require(Token.isHex(nonce, length: 32), "nonce", nonce)
        try Token.require(UTCTime.years.contains(time.parts.year), "offer time", time.stamp)
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
