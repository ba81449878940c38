/// Why a payer sent no microcheck.
public enum DeclineReason: UInt8, Sendable, Hashable {
    /// The person said no.
    case person = 1
    /// No held credential authorizes the offer.
    case noCredential = 2
    /// The payer's own spending policy said no.
    case spendingPolicy = 3
    /// The offer could not be read or does not match the card.
    case badOffer = 4
}

/// The merchant's answer to a microcheck it accepted.
public struct Receipt: Sendable, Hashable {
    /// What became of the purchase.
    public enum Status: UInt8, Sendable, Hashable {
        /// Journaled and dispensed.
        case dispensed = 1
        /// Journaled, but the machine failed to dispense: voided, not charged.
        case voided = 2
    }

    /// What became of the purchase.
    public var status: Status
    /// The first 8 bytes of the microcheck's id.
    public var microcheckID: [UInt8]

    /// Creates a receipt.
    public init(status: Status, microcheckID: [UInt8]) {
        self.status = status
        self.microcheckID = microcheckID
    }

    func write(to writer: inout WireWriter) {
        writer.byte(status.rawValue)
        writer.bytes(microcheckID)
    }

    init(from reader: inout WireReader) throws(WireError) {
        let offset = reader.offset
        guard let status = Status(rawValue: try reader.byte()) else { throw WireError(.invalidValue, at: offset, "unknown receipt status") }
        self.status = status
        microcheckID = try reader.bytes(WireLimits.idLength)
    }
}

/// The merchant's refusal of a microcheck, with the reason code.
public struct Nack: Sendable, Hashable {
    /// The reason code (protocol-spec/wire-protocol.md, "Reason codes").
    public var reason: UInt8
    /// Whether an online escalation could authorize the purchase.
    public var escalationPossible: Bool

    /// Creates a refusal.
    public init(reason: UInt8, escalationPossible: Bool) {
        self.reason = reason
        self.escalationPossible = escalationPossible
    }

    func write(to writer: inout WireWriter) {
        writer.byte(reason)
        writer.byte(escalationPossible ? 1 : 0)
    }

    init(from reader: inout WireReader) throws(WireError) {
        reason = try reader.byte()
        let offset = reader.offset
        let flag = try reader.byte()
        guard flag <= 1 else { throw WireError(.invalidValue, at: offset, "escalation flag \(flag)") }
        escalationPossible = flag == 1
    }
}
