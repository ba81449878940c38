/// What the merchant's journal says of one microcheck a payer asks about.
public struct PaymentStatus: Sendable, Hashable {
    /// The journal's state.
    public enum State: UInt8, Sendable, Hashable {
        /// Not in the journal: never accepted, not charged.
        case unknown = 0
        /// Journaled and dispensed: charged.
        case dispensed = 1
        /// Journaled, the machine failed: voided, not charged.
        case voided = 2
        /// Journaled; the machine has not said yet.
        case pending = 3
    }

    /// The microcheck's id.
    public var microcheckID: [UInt8]
    /// The journal's state.
    public var state: State

    /// Creates a status.
    public init(microcheckID: [UInt8], state: State) {
        self.microcheckID = microcheckID
        self.state = state
    }

    func write(to writer: inout WireWriter) {
        writer.bytes(microcheckID)
        writer.byte(state.rawValue)
    }

    init(from reader: inout WireReader) throws(WireError) {
        microcheckID = try reader.bytes(WireLimits.idLength)
        let offset = reader.offset
        guard let state = State(rawValue: try reader.byte()) else { throw WireError(.invalidValue, at: offset, "unknown payment state") }
        self.state = state
    }
}
