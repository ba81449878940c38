/// Reads the fields of a message from bytes a peer sent, bounds-checked,
/// naming the offset of the first bad byte.
public struct WireReader: Sendable {
    private let bytes: [UInt8]
    /// The offset of the next byte.
    public private(set) var offset: Int

    /// Reads `bytes` from the start.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// Whether every byte was read.
    public var isAtEnd: Bool { offset == bytes.count }

    /// Throws unless every byte was read.
    public func finish() throws(WireError) {
        guard isAtEnd else { throw WireError(.trailingBytes, at: offset, "\(bytes.count - offset) bytes after the last field") }
    }

    /// One byte.
    public mutating func byte() throws(WireError) -> UInt8 {
        guard offset < bytes.count else { throw WireError(.truncated, at: offset, "a byte is missing") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// `count` bytes.
    public mutating func bytes(_ count: Int) throws(WireError) -> [UInt8] {
        guard count >= 0, count <= bytes.count - offset else {
            throw WireError(.truncated, at: offset, "\(count) bytes expected, \(bytes.count - offset) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// An unsigned LEB128 integer of at most 10 bytes, at most `maximum`.
    public mutating func varint(maximum: UInt64 = UInt64.max) throws(WireError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try byte()
            guard shift < 64, shift < 63 || byte & 0x7F <= 1 else {
                throw WireError(.invalidValue, at: start, "integer longer than 64 bits")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || shift == 0 else { throw WireError(.invalidValue, at: start, "integer with a redundant zero byte") }
                break
            }
            shift += 7
        }
        guard value <= maximum else { throw WireError(.tooLarge, at: start, "\(value) is above \(maximum)") }
        return value
    }

    /// A varint as an `Int` in `range`.
    public mutating func integer(in range: ClosedRange<Int>) throws(WireError) -> Int {
        let start = offset
        let value = try varint(maximum: UInt64(max(0, range.upperBound)))
        guard let result = Int(exactly: value), range.contains(result) else {
            throw WireError(.invalidValue, at: start, "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return result
    }

    /// A length-prefixed byte string of at most `maximum` bytes.
    public mutating func blob(maximum: Int) throws(WireError) -> [UInt8] {
        try bytes(integer(in: 0...maximum))
    }

    /// A length-prefixed UTF-8 string of at most `maximum` bytes.
    public mutating func string(maximum: Int) throws(WireError) -> String {
        let start = offset
        let raw = try blob(maximum: maximum)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw WireError(.invalidValue, at: start, "string is not UTF-8")
        }
        return text
    }

    /// A count of at most `maximum`, then that many 8-byte ids.
    public mutating func ids(maximum: Int) throws(WireError) -> [[UInt8]] {
        let count = try integer(in: 0...maximum)
        var ids: [[UInt8]] = []
        for _ in 0..<count { ids.append(try bytes(WireLimits.idLength)) }
        return ids
    }
}
