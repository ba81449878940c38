import SerialLink

/// Why the link gave up.
public struct LinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// No acknowledgement after every retransmission: the peer is gone or out of sight.
        case noAcknowledgement
        /// The line itself failed (closed, unplugged).
        case line
        /// The peer sent a message above the limit.
        case messageTooLarge
        /// The peer started over in the middle of a message.
        case reset
    }

    /// The kind of failure.
    public var code: Code
    /// Details.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
