import Microbilling
import MicrocheckCompression
import MicrocheckCrypto
import MicrocheckWire

/// A gateway's upload to clearing (protocol-spec/deposit-batch.md): sealed
/// groups of purchases, each group one merchant hand-over. Payer keys and
/// credentials are written once per upload and named by index; each
/// microcheck travels as its signature and the offer fields only a
/// purchase has (clearing rebuilds the canonical text, as the merchant did).
public struct DepositUpload: Sendable, Hashable {
    /// The first bytes of every upload.
    public static let magic: [UInt8] = Array("MCDU".utf8)
    /// The format's version.
    public static let version: UInt8 = 1
    /// The most bytes an upload may have, as sent.
    public static let maximumSize = 8 * 1024 * 1024
    /// The most bytes its body may expand to.
    public static let maximumExpanded = 48 * 1024 * 1024
    /// The most groups, payer keys, credentials and purchases in one upload.
    public static let maximumGroups = 4096, maximumKeys = 65_536, maximumCredentials = 65_536, maximumPurchases = 65_536

    /// One sealed hand-over: the seal (with every sealed id, including those
    /// not in this upload) and the purchases of it this upload carries.
    public struct Group: Sendable, Hashable {
        /// The merchant's seal.
        public var seal: DepositSeal
        /// The purchases, in the seal's order.
        public var purchases: [AcceptedPurchase]

        /// Creates a group.
        public init(seal: DepositSeal, purchases: [AcceptedPurchase]) {
            self.seal = seal
            self.purchases = purchases
        }
    }

    /// The upload's id (16 bytes), for logs and receipts.
    public var batchID: [UInt8]
    /// The groups.
    public var groups: [Group]

    /// Creates an upload.
    public init(batchID: [UInt8], groups: [Group]) {
        self.batchID = batchID
        self.groups = groups
    }

    /// The upload's bytes.
    ///
    /// - Throws: ``AgentError`` when a purchase cannot travel compactly (its
    ///   microcheck is not the canonical text for its offer, or a group mixes merchants).
    public func encoded() throws(AgentError) -> [UInt8] {
        var keys = Interning<String>(), credentials = Interning<String>()
        var groupsWriter = WireWriter()
        groupsWriter.integer(groups.count)
        for group in groups {
            try Self.write(group, to: &groupsWriter, keys: &keys, credentials: &credentials)
        }
        var body = WireWriter()
        body.bytes(batchID)
        body.integer(keys.values.count)
        for key in keys.values { body.string(key) }
        body.integer(credentials.values.count)
        for credential in credentials.values { body.string(credential) }
        body.bytes(groupsWriter.bytes)
        var upload = WireWriter()
        upload.bytes(Self.magic)
        upload.byte(Self.version)
        do {
            upload.blob(try AssertionCompressor.dictionary1.compress(body.bytes))
        } catch {
            throw AgentError(.internal, "cannot compress an upload: \(error)")
        }
        return upload.bytes
    }

    private static func write(_ group: Group, to writer: inout WireWriter, keys: inout Interning<String>,
                              credentials: inout Interning<String>) throws(AgentError) {
        guard let first = group.purchases.first else {
            throw AgentError(.internal, "an upload group of seal \((try? group.seal.id) ?? "?") carries no purchase")
        }
        let card = first.offer
        writer.string(group.seal.merchantID)
        for text in [card.merchantName, card.merchantPrincipal, card.appDomain, card.price.currency.code] { writer.string(text) }
        writer.integer(card.price.currency.minorDigits)
        writer.varint(UInt64(max(0, card.time.secondsSince1970)))
        writer.blob(group.seal.signature)
        var products = Interning<ProductLine>()
        for purchase in group.purchases { _ = products.index(of: ProductLine(product: purchase.offer.product, category: purchase.offer.productCategory)) }
        writer.integer(products.values.count)
        for line in products.values {
            writer.string(line.product)
            writer.string(line.category)
        }
        let carried = Dictionary(group.purchases.map { ($0.microcheckID, $0) }, uniquingKeysWith: { first, _ in first })
        writer.integer(group.seal.microcheckIDs.count)
        for id in group.seal.microcheckIDs {
            guard let purchase = carried[id] else {
                writer.byte(0)
                writer.bytes(try Self.idBytes(id, "microcheck id"))
                continue
            }
            let offer = purchase.offer
            guard offer.merchantID == group.seal.merchantID, offer.merchantName == card.merchantName,
                  offer.merchantPrincipal == card.merchantPrincipal, offer.appDomain == card.appDomain,
                  offer.price.currency == card.price.currency else {
                throw AgentError(.internal, "purchase \(id) does not share its group's merchant card")
            }
            let signature = try SignatureTransport.signatureBytes(of: purchase.microcheck)
            guard SignatureTransport.microcheck(for: offer, payer: purchase.payer, signature: signature) == purchase.microcheck else {
                throw AgentError(.internal, "purchase \(id): the microcheck is not the canonical text for its offer")
            }
            writer.byte(1)
            writer.integer(keys.index(of: purchase.payer.encoded(.base64)))
            writer.integer(purchase.credentials.count)
            for credential in purchase.credentials { writer.integer(credentials.index(of: credential)) }
            writer.integer(products.index(of: ProductLine(product: offer.product, category: offer.productCategory)))
            writer.varint(UInt64(max(0, offer.price.minorUnits)))
            writer.varint(ZigZag.encode(offer.time.secondsSince1970 - card.time.secondsSince1970))
            writer.bytes(try Self.idBytes(offer.nonce, "nonce"))
            writer.integer(offer.history.purchasesToday)
            writer.varint(UInt64(max(0, offer.history.spentTodayMinor)))
            writer.varint(UInt64(max(0, offer.history.secondsSinceLast)))
            writer.blob(signature)
        }
    }

    /// Reads an upload; every field is checked (an upload is input).
    ///
    /// - Throws: ``DepositUploadError`` naming the offset where reading
    ///   failed (in the upload for its envelope, in the expanded body after).
    public init(decoding bytes: [UInt8]) throws(DepositUploadError) {
        guard bytes.count <= Self.maximumSize else {
            throw DepositUploadError(.tooLarge, at: 0, inBody: false, "the upload has \(bytes.count) bytes, more than \(Self.maximumSize)")
        }
        var envelope = WireReader(bytes)
        let packed: [UInt8]
        do {
            guard try envelope.bytes(4) == Self.magic else {
                throw DepositUploadError(.malformed, at: 0, inBody: false, "not a deposit upload (magic)")
            }
            let version = try envelope.byte()
            guard version == Self.version else {
                throw DepositUploadError(.unsupportedVersion, at: 4, inBody: false, "version \(version), this clearing reads \(Self.version)")
            }
            packed = try envelope.blob(maximum: Self.maximumSize)
            try envelope.finish()
        } catch let error as DepositUploadError {
            throw error
        } catch let error as WireError {
            throw DepositUploadError(wire: error, inBody: false)
        } catch {
            throw DepositUploadError(.malformed, at: 0, inBody: false, "\(error)")
        }
        let body: [UInt8]
        do {
            body = try AssertionCompressor.dictionary1.expand(packed, maximum: Self.maximumExpanded)
        } catch {
            throw DepositUploadError(.malformed, at: 5, inBody: false, "the body does not expand: \(error)")
        }
        do {
            self = try Self.read(body)
        } catch let error as DepositUploadError {
            throw error
        } catch let error as WireError {
            throw DepositUploadError(wire: error, inBody: true)
        } catch {
            throw DepositUploadError(.malformed, at: 0, "\(error)")
        }
    }

    private static func read(_ body: [UInt8]) throws -> DepositUpload {
        var reader = WireReader(body)
        let batchID = try reader.bytes(16)
        var keys: [String] = []
        for _ in 0..<(try reader.integer(in: 0...Self.maximumKeys)) { keys.append(try reader.string(maximum: WireLimits.principalLength)) }
        var credentials: [String] = []
        for _ in 0..<(try reader.integer(in: 0...Self.maximumCredentials)) { credentials.append(try reader.string(maximum: SignedCredential.maximumSize)) }
        var decodedKeys: [KeyNoteKey?] = Array(repeating: nil, count: keys.count)
        var groups: [Group] = []
        var total = 0
        for _ in 0..<(try reader.integer(in: 0...Self.maximumGroups)) {
            let groupStart = reader.offset
            let merchantID = try reader.string(maximum: WireLimits.wordLength)
            let merchantName = try reader.string(maximum: WireLimits.nameLength)
            let principal = try reader.string(maximum: WireLimits.principalLength)
            let domain = try reader.string(maximum: WireLimits.wordLength)
            let currencyCode = try reader.string(maximum: WireLimits.wordLength)
            let digits = try reader.integer(in: 0...4)
            let baseTime = Int64(try reader.integer(in: 0...253_402_300_799))
            let seal = try reader.blob(maximum: DepositSeal.maximumSignature)
            var products: [ProductLine] = []
            for _ in 0..<(try reader.integer(in: 0...DepositSeal.maximumItems)) {
                products.append(ProductLine(product: try reader.string(maximum: WireLimits.nameLength),
                                            category: try reader.string(maximum: WireLimits.wordLength)))
            }
            let currency = try located(groupStart) { () throws(MicrobillingError) in try Currency(code: currencyCode, minorDigits: digits) }
            var ids: [String] = []
            var sealed: Set<String> = []
            var purchases: [AcceptedPurchase] = []
            var groupOffer: Offer?
            var firstTime: Int64?
            for _ in 0..<(try reader.integer(in: 0...DepositSeal.maximumItems)) {
                let start = reader.offset
                switch try reader.byte() {
                case 0:
                    let id = KeyNoteHex.encode(try reader.bytes(16))
                    guard sealed.insert(id).inserted else { throw DepositUploadError(.malformed, at: start, "microcheck \(id) sealed twice") }
                    ids.append(id)
                case 1:
                    let keyIndex = try reader.integer(in: 0...max(0, keys.count - 1))
                    guard keyIndex < keys.count else { throw DepositUploadError(.malformed, at: start, "payer key index \(keyIndex) of \(keys.count)") }
                    var held: [String] = []
                    for _ in 0..<(try reader.integer(in: 0...PurchaseSubmission.maximumCredentials)) {
                        let index = try reader.integer(in: 0...Self.maximumCredentials)
                        guard index < credentials.count else { throw DepositUploadError(.malformed, at: start, "credential index \(index) of \(credentials.count)") }
                        held.append(credentials[index])
                    }
                    let productIndex = try reader.integer(in: 0...DepositSeal.maximumItems)
                    guard productIndex < products.count else { throw DepositUploadError(.malformed, at: start, "product index \(productIndex) of \(products.count)") }
                    let amount = Int64(try reader.integer(in: 0...999_999_999))
                    let time = baseTime + ZigZag.decode(try reader.varint(maximum: UInt64(UInt32.max)))
                    // The encoder counts times from the group's first purchase: refuse a
                    // group it could not write back (spanning more than about 68 years).
                    let first = firstTime ?? time
                    guard ZigZag.encode(time - first) <= UInt64(UInt32.max) else {
                        throw DepositUploadError(.malformed, at: start, "offer time \(time) too far from the group's first, \(first)")
                    }
                    firstTime = first
                    let nonce = KeyNoteHex.encode(try reader.bytes(16))
                    let history = MerchantHistory(purchasesToday: try reader.integer(in: 0...999_999_999),
                                                  spentTodayMinor: Int64(try reader.integer(in: 0...999_999_999)),
                                                  secondsSinceLast: Int64(try reader.integer(in: 0...999_999_999)))
                    let signature = try reader.blob(maximum: DepositSeal.maximumSignature)
                    if decodedKeys[keyIndex] == nil {
                        guard let key = try? KeyNoteKey.parse(keys[keyIndex]) else {
                            throw DepositUploadError(.malformed, at: start, "payer key \(keyIndex) is not a KeyNote key")
                        }
                        decodedKeys[keyIndex] = key
                    }
                    guard let payer = decodedKeys[keyIndex] else { throw DepositUploadError(.malformed, at: start, "payer key \(keyIndex)") }
                    let line = products[productIndex]
                    // The group's first offer checks the merchant's fields; the others keep them.
                    let offer = try located(start) { () throws(MicrobillingError) in
                        let price = try Money(minorUnits: amount, currency: currency)
                        if let groupOffer {
                            return try groupOffer.sibling(product: line.product, productCategory: line.category, price: price,
                                                          time: UTCTime(secondsSince1970: time), nonce: nonce, history: history)
                        }
                        return try Offer(merchantName: merchantName, merchantID: merchantID, merchantPrincipal: principal, product: line.product,
                                         productCategory: line.category, price: price, time: UTCTime(secondsSince1970: time),
                                         appDomain: domain, nonce: nonce, history: history)
                    }
                    groupOffer = offer
                    // The text is written once, as bytes, and digested from them.
                    let text = SignatureTransport.microcheckBytes(for: offer, payer: payer, signature: signature)
                    let id = try ShortID.of(bytes: text)
                    guard sealed.insert(id).inserted else { throw DepositUploadError(.malformed, at: start, "microcheck \(id) sealed twice") }
                    ids.append(id)
                    purchases.append(AcceptedPurchase(writtenFor: offer, payer: payer, microcheck: String(decoding: text, as: UTF8.self),
                                                      credentials: held, microcheckID: id))
                    total += 1
                    guard total <= Self.maximumPurchases else { throw DepositUploadError(.tooLarge, at: start, "more than \(Self.maximumPurchases) purchases") }
                case let tag:
                    throw DepositUploadError(.malformed, at: start, "position tag \(tag) (0 omitted, 1 purchase)")
                }
            }
            // The encoder writes a group's merchant card from its first purchase.
            guard !purchases.isEmpty else { throw DepositUploadError(.malformed, at: groupStart, "a group carries no purchase") }
            groups.append(Group(seal: DepositSeal(merchantID: merchantID, microcheckIDs: ids, signature: seal), purchases: purchases))
        }
        try reader.finish()
        return DepositUpload(batchID: batchID, groups: groups)
    }

    private static func located<T>(_ offset: Int, _ body: () throws(MicrobillingError) -> T) throws(DepositUploadError) -> T {
        do {
            return try body()
        } catch {
            throw DepositUploadError(.malformed, at: offset, error.reason)
        }
    }

    private static func idBytes(_ hex: String, _ what: String) throws(AgentError) -> [UInt8] {
        guard let bytes = try? KeyNoteHex.decode(hex), bytes.count == 16 else {
            throw AgentError(.internal, "\(what) '\(hex.prefix(40))' is not 32 hex digits")
        }
        return bytes
    }
}

/// A product and its category, as a group's table lists them.
private struct ProductLine: Hashable {
    var product: String
    var category: String
}

/// Values numbered in order of first use.
private struct Interning<Value: Hashable> {
    private(set) var values: [Value] = []
    private var indexes: [Value: Int] = [:]

    mutating func index(of value: Value) -> Int {
        if let index = indexes[value] { return index }
        indexes[value] = values.count
        values.append(value)
        return values.count - 1
    }
}

/// Signed integers as varints: small magnitudes, either sign, in few bytes.
private enum ZigZag {
    static func encode(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    static func decode(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }
}
