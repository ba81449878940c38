/// A request for what the other side lacks.
public struct Need: Sendable, Hashable {
    /// What is wanted.
    public enum Kind: UInt8, Sendable, Hashable {
        /// Credentials, by id (merchant to payer).
        case credentials = 1
        /// The merchant card, by id (payer to merchant).
        case card = 2
        /// The journaled purchases not yet deposited (gateway to merchant; no ids).
        case deposits = 3
    }

    /// What is wanted.
    public var kind: Kind
    /// The ids wanted.
    public var ids: [[UInt8]]

    /// Creates a request.
    public init(kind: Kind, ids: [[UInt8]]) {
        self.kind = kind
        self.ids = ids
    }

    func write(to writer: inout WireWriter) {
        writer.byte(kind.rawValue)
        writer.ids(ids)
    }

    init(from reader: inout WireReader) throws(WireError) {
        let offset = reader.offset
        guard let kind = Kind(rawValue: try reader.byte()) else { throw WireError(.invalidValue, at: offset, "unknown need kind") }
        self.kind = kind
        ids = try reader.ids(maximum: WireLimits.credentials)
    }
}
