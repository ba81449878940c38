/// An error decoding bytes from a peer: what was wrong and at which offset.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of error.
    public enum Code: String, Sendable, Hashable {
        /// The bytes ended inside a field.
        case truncated
        /// A field's value is outside what the protocol allows.
        case invalidValue
        /// A length or count is above the protocol's limit.
        case tooLarge
        /// Bytes remain after the last field.
        case trailingBytes
        /// The message type is not one this version knows.
        case unknownMessage
        /// The frame's check sequence does not match.
        case badChecksum
    }

    /// The kind of error.
    public var code: Code
    /// The byte offset in the message or frame where it was found.
    public var offset: Int
    /// What was wrong.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, at offset: Int, _ reason: String) {
        self.code = code
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(code.rawValue) at offset \(offset): \(reason)" }
}
