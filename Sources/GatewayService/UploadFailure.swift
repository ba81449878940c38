/// Why an upload round did not retire anything: the spool keeps every entry.
public struct UploadFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Hashable {
        /// Clearing could not be reached, or the connection broke.
        case unreachable
        /// Clearing answered that it cannot take uploads now (its ledger failed).
        case unavailable
        /// Clearing could not read the upload (a version or format mismatch): an operator must look.
        case refused
        /// The spool failed.
        case spool
    }

    /// The kind of failure.
    public var kind: Kind
    /// What happened.
    public var reason: String

    /// Creates a failure.
    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue): \(reason)" }
}
