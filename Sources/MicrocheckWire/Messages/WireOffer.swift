/// An offer on the wire: the merchant card's id stands for the merchant's
/// name, id, domain, currency and key.
public struct WireOffer: Sendable, Hashable {
    /// The id of the merchant card.
    public var cardID: [UInt8]
    /// The selection on the machine, 1 to 255 (0: none).
    public var selection: Int
    /// The product's name.
    public var product: String
    /// The product's category.
    public var category: String
    /// The price in minor units.
    public var amountMinor: Int64
    /// The offer's time, seconds since 1970 (UTC).
    public var time: Int64
    /// The nonce, 16 bytes.
    public var nonce: [UInt8]
    /// Purchases by this payer here earlier today.
    public var purchasesToday: Int
    /// Minor units spent by this payer here earlier today.
    public var spentTodayMinor: Int64
    /// Seconds since this payer's last purchase here.
    public var secondsSinceLast: Int64

    /// Creates an offer.
    public init(cardID: [UInt8], selection: Int, product: String, category: String, amountMinor: Int64, time: Int64,
                nonce: [UInt8], purchasesToday: Int, spentTodayMinor: Int64, secondsSinceLast: Int64) {
        self.cardID = cardID
        self.selection = selection
        self.product = product
        self.category = category
        self.amountMinor = amountMinor
        self.time = time
        self.nonce = nonce
        self.purchasesToday = purchasesToday
        self.spentTodayMinor = spentTodayMinor
        self.secondsSinceLast = secondsSinceLast
    }

    func write(to writer: inout WireWriter) {
        writer.bytes(cardID)
        writer.integer(selection)
        writer.string(product)
        writer.string(category)
        writer.varint(UInt64(max(0, amountMinor)))
        writer.varint(UInt64(max(0, time)))
        writer.bytes(nonce)
        writer.integer(purchasesToday)
        writer.varint(UInt64(max(0, spentTodayMinor)))
        writer.varint(UInt64(max(0, secondsSinceLast)))
    }

    init(from reader: inout WireReader) throws(WireError) {
        cardID = try reader.bytes(WireLimits.idLength)
        selection = try reader.integer(in: 0...255)
        product = try reader.string(maximum: WireLimits.nameLength)
        category = try reader.string(maximum: WireLimits.wordLength)
        amountMinor = Int64(try reader.integer(in: 0...999_999_999))
        time = Int64(try reader.integer(in: 0...253_402_300_799))
        nonce = try reader.bytes(WireLimits.nonceLength)
        purchasesToday = try reader.integer(in: 0...999_999_999)
        spentTodayMinor = Int64(try reader.integer(in: 0...999_999_999))
        secondsSinceLast = Int64(try reader.integer(in: 0...999_999_999))
    }
}
