/// What a link did, for benchmarks and logs.
public struct LinkStatistics: Sendable, Hashable {
    /// Bytes written to the line, framing included.
    public var bytesSent = 0
    /// Bytes of the frames written, before byte stuffing (flags, header,
    /// payload, CRC): what the protocol costs, without the escapes that
    /// depend on the data.
    public var frameBytesSent = 0
    /// Frames written to the line, acknowledgements included.
    public var framesSent = 0
    /// Bytes read from the line, framing and garbage included.
    public var bytesReceived = 0
    /// Data frames sent again for want of an acknowledgement.
    public var retransmissions = 0
    /// Data frames received twice and dropped.
    public var duplicates = 0
    /// Frames discarded for a bad CRC or a bad shape.
    public var badFrames = 0

    /// Creates zeroed statistics.
    public init() {}
}
