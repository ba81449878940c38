/// The payment id a `VEND` carries: 1 to 32 lower-case hexadecimal digits.
/// The controller dispenses at most once per id in a row (see `VEND` in the spec).
public struct PaymentID: Sendable, Hashable, CustomStringConvertible {
    /// The most digits an id has.
    public static let maximumLength = 32

    /// The id's digits.
    public let text: String

    /// Checks `text`; nil when it is empty, longer than 32 or has a character outside `[0-9a-f]`.
    public init?(_ text: String) {
        let bytes = text.utf8
        guard (1...Self.maximumLength).contains(bytes.count),
              bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                  || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else { return nil }
        self.text = text
    }

    public var description: String { text }
}
