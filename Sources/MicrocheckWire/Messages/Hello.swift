/// The payer's first message: protocol version, what it can do, the largest
/// frame payload it takes, its key's id and the ids of its credentials.
public struct Hello: Sendable, Hashable {
    /// What a side supports, as bits.
    public struct Capabilities: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// zlib with preset dictionary 1 for assertions.
        public static let dictionary1 = Capabilities(rawValue: 1 << 0)
        /// Online escalation (the payer can reach its PA now).
        public static let online = Capabilities(rawValue: 1 << 1)
    }

    /// The protocol version, 1.
    public var version: UInt8
    /// What the payer supports.
    public var capabilities: Capabilities
    /// The largest frame payload the payer takes, 32 to 240.
    public var maximumPayload: Int
    /// The first 8 bytes of SHA-256 of the payer's key in base64 KeyNote form.
    public var payerKeyID: [UInt8]
    /// The ids of the payer's credentials (first 8 bytes of SHA-256 of each text).
    public var credentialIDs: [[UInt8]]

    /// Creates a hello.
    public init(version: UInt8 = 1, capabilities: Capabilities, maximumPayload: Int, payerKeyID: [UInt8], credentialIDs: [[UInt8]]) {
        self.version = version
        self.capabilities = capabilities
        self.maximumPayload = maximumPayload
        self.payerKeyID = payerKeyID
        self.credentialIDs = credentialIDs
    }

    func write(to writer: inout WireWriter) {
        writer.byte(version)
        writer.byte(capabilities.rawValue)
        writer.byte(UInt8(clamping: maximumPayload))
        writer.bytes(payerKeyID)
        writer.ids(credentialIDs)
    }

    init(from reader: inout WireReader) throws(WireError) {
        let versionOffset = reader.offset
        version = try reader.byte()
        guard version == 1 else { throw WireError(.invalidValue, at: versionOffset, "protocol version \(version); this side speaks 1") }
        capabilities = Capabilities(rawValue: try reader.byte())
        let payloadOffset = reader.offset
        maximumPayload = Int(try reader.byte())
        guard maximumPayload >= 32 else { throw WireError(.invalidValue, at: payloadOffset, "frame payload \(maximumPayload) below 32") }
        payerKeyID = try reader.bytes(WireLimits.idLength)
        credentialIDs = try reader.ids(maximum: WireLimits.credentials)
    }
}
