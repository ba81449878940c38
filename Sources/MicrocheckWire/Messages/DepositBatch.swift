/// Journaled purchases handed from a merchant to a gateway: each entry is
/// one purchase record compressed (the offer, the microcheck, the
/// credentials), and the merchant's seal (its signature over the entries'
/// microcheck ids) lets clearing tell the deposits are the merchant's own.
public struct DepositBatch: Sendable, Hashable {
    /// The most bytes of a seal.
    public static let maximumSeal = 1024

    /// The merchant's id.
    public var merchantID: String
    /// The batch's number, increasing per merchant.
    public var sequence: UInt64
    /// The entries, each compressed.
    public var entries: [[UInt8]]
    /// The seal's signature bytes (empty for the empty batch that ends a hand-over).
    public var seal: [UInt8]

    /// Creates a batch.
    public init(merchantID: String, sequence: UInt64, entries: [[UInt8]], seal: [UInt8]) {
        self.merchantID = merchantID
        self.sequence = sequence
        self.entries = entries
        self.seal = seal
    }

    func write(to writer: inout WireWriter) {
        writer.string(merchantID)
        writer.varint(sequence)
        writer.integer(entries.count)
        for entry in entries { writer.blob(entry) }
        writer.blob(seal)
    }

    init(from reader: inout WireReader) throws(WireError) {
        merchantID = try reader.string(maximum: WireLimits.wordLength)
        sequence = try reader.varint()
        let count = try reader.integer(in: 0...WireLimits.depositEntries)
        var entries: [[UInt8]] = []
        var total = 0
        for _ in 0..<count {
            let start = reader.offset
            let entry = try reader.blob(maximum: WireLimits.depositBatch)
            total += entry.count
            guard total <= WireLimits.depositBatch else { throw WireError(.tooLarge, at: start, "batch above \(WireLimits.depositBatch) bytes") }
            entries.append(entry)
        }
        self.entries = entries
        seal = try reader.blob(maximum: Self.maximumSeal)
    }
}

/// The gateway's acknowledgement of a batch: clearing took these purchases
/// (by microcheck id), and the merchant may mark them deposited.
public struct DepositAck: Sendable, Hashable {
    /// The batch's number.
    public var sequence: UInt64
    /// The acknowledged microcheck ids (8 bytes each).
    public var microcheckIDs: [[UInt8]]

    /// Creates an acknowledgement.
    public init(sequence: UInt64, microcheckIDs: [[UInt8]]) {
        self.sequence = sequence
        self.microcheckIDs = microcheckIDs
    }

    func write(to writer: inout WireWriter) {
        writer.varint(sequence)
        writer.ids(microcheckIDs)
    }

    init(from reader: inout WireReader) throws(WireError) {
        sequence = try reader.varint()
        microcheckIDs = try reader.ids(maximum: WireLimits.depositEntries)
    }
}
