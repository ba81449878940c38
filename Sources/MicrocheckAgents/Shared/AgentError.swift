/// Why a conversation over the link ended without a purchase.
public struct AgentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of ending.
    public enum Code: String, Sendable, Hashable {
        /// The link failed (no acknowledgement, line gone).
        case link
        /// The peer sent something this side cannot use.
        case protocolViolation
        /// Nothing came in time.
        case timeout
        /// A store or a key failed on this side.
        case `internal`
    }

    /// The kind of ending.
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
