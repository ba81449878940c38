/// An error compressing or expanding: what failed and, for input from a
/// peer, at which offset of the compressed bytes.
public struct CompressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String
    /// The offset in the compressed input, when known.
    public var offset: Int?

    /// Creates an error.
    public init(_ reason: String, offset: Int? = nil) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { offset.map { "\(reason) (at offset \($0))" } ?? reason }
}
