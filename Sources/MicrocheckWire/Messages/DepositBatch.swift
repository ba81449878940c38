/// Journaled purchases handed from a merchant to a gateway: each entry is
/// one purchase record compressed (the offer, the microcheck, the credentials).
public struct DepositBatch: Sendable, Hashable {
    /// The merchant's id.
    public var merchantID: String
    /// The batch's number, increasing per merchant.
    public var sequence: UInt64
    /// The entries, each compressed.
    public var entries: [[UInt8]]

    /// Creates a batch.
    public init(merchantID: String, sequence: UInt64, entries: [[UInt8]]) {
        self.merchantID = merchantID
        self.sequence = sequence
        self.entries = entries
    }

    func write(to writer: inout WireWriter) {
        writer.string(merchantID)
        writer.varint(sequence)
        writer.integer(entries.count)
        for entry in entries { writer.blob(entry) }
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
