/// Who the merchant is, sent once and cached by the payer under ``id``: what
/// the payer needs to write a microcheck besides the offer.
public struct MerchantCard: Sendable, Hashable {
    /// The merchant's unique id.
    public var merchantID: String
    /// The merchant's display name.
    public var name: String
    /// The application domain.
    public var appDomain: String
    /// The currency code of its prices.
    public var currencyCode: String
    /// The currency's minor digits.
    public var minorDigits: Int
    /// The merchant's key as a KeyNote principal string (the microcheck's Licensee).
    public var principal: String

    /// Creates a card.
    public init(merchantID: String, name: String, appDomain: String, currencyCode: String, minorDigits: Int, principal: String) {
        self.merchantID = merchantID
        self.name = name
        self.appDomain = appDomain
        self.currencyCode = currencyCode
        self.minorDigits = minorDigits
        self.principal = principal
    }

    func write(to writer: inout WireWriter) {
        writer.string(merchantID)
        writer.string(name)
        writer.string(appDomain)
        writer.string(currencyCode)
        writer.integer(minorDigits)
        writer.string(principal)
    }

    init(from reader: inout WireReader) throws(WireError) {
        merchantID = try reader.string(maximum: WireLimits.wordLength)
        name = try reader.string(maximum: WireLimits.nameLength)
        appDomain = try reader.string(maximum: WireLimits.wordLength)
        currencyCode = try reader.string(maximum: WireLimits.wordLength)
        minorDigits = try reader.integer(in: 0...4)
        principal = try reader.string(maximum: WireLimits.principalLength)
    }

    /// Reads a card from its ``encoded`` bytes (every byte must belong to it).
    public init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        try self.init(from: &reader)
        try reader.finish()
    }

    /// The card's bytes as they are hashed for its id.
    public var encoded: [UInt8] {
        var writer = WireWriter()
        write(to: &writer)
        return writer.bytes
    }
}
