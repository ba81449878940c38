import MicrocheckWire

/// Why an upload cannot be read: what, and where (a byte offset in the
/// upload for its envelope, in the expanded body after that).
public struct DepositUploadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, for programs (and the HTTP problem's code).
    public enum Code: String, Sendable, Hashable {
        /// Bytes that do not read as an upload (bad magic, truncated, bad values, bad deflate).
        case malformed = "malformed-batch"
        /// Larger than clearing reads.
        case tooLarge = "batch-too-large"
        /// A version this clearing does not read.
        case unsupportedVersion = "unsupported-version"
    }

    /// The kind of failure.
    public var code: Code
    /// The byte offset where reading failed.
    public var offset: Int
    /// Whether the offset counts in the expanded body (true) or in the upload as sent.
    public var inBody: Bool
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, at offset: Int, inBody: Bool = true, _ reason: String) {
        self.code = code
        self.offset = offset
        self.inBody = inBody
        self.reason = reason
    }

    /// The error of a wire reader.
    init(wire error: WireError, inBody: Bool) {
        self.init(error.code == .tooLarge ? .tooLarge : .malformed, at: error.offset, inBody: inBody, error.reason)
    }

    public var description: String {
        "\(code.rawValue) at \(inBody ? "body" : "upload") offset \(offset): \(reason)"
    }
}
