/// Why a request's authentication failed.
public struct RequestAuthenticationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// A header is missing, too long or does not parse.
        case malformed = "malformed-authentication"
        /// The date is too far from the server's clock.
        case stale = "stale-request"
        /// The signature does not verify.
        case badSignature = "bad-signature"
        /// No signature and no token was presented.
        case missing = "unauthenticated"
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, for the requester.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
