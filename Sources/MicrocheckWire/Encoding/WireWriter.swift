/// Writes the fields of a message; the inverse of ``WireReader``.
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// One byte.
    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// Raw bytes.
    public mutating func bytes(_ values: [UInt8]) { bytes.append(contentsOf: values) }

    /// An unsigned LEB128 integer.
    public mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A non-negative `Int` as a varint.
    public mutating func integer(_ value: Int) { varint(UInt64(max(0, value))) }

    /// A length-prefixed byte string.
    public mutating func blob(_ value: [UInt8]) {
        integer(value.count)
        bytes.append(contentsOf: value)
    }

    /// A length-prefixed UTF-8 string.
    public mutating func string(_ value: String) { blob(Array(value.utf8)) }

    /// A count, then the ids as they are (8 bytes each).
    public mutating func ids(_ values: [[UInt8]]) {
        integer(values.count)
        for id in values { bytes(id) }
    }
}
