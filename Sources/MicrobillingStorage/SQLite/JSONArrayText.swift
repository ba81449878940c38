/// JSON arrays for SQLite's `json_each` (one bound parameter however many
/// values), written directly: `JSONEncoder` cost more than the queries'
/// own reading of them, per microcheck cleared.
enum JSONArrayText {
    /// `values` as a JSON array of arrays, the inner array of each value
    /// holding what `write` appends for it (comma-separated elements).
    static func rows<Value>(_ values: [Value], _ write: (Value, inout [UInt8]) -> Void) -> String {
        var text: [UInt8] = [UInt8(ascii: "[")]
        text.reserveCapacity(values.count * 80 + 2)
        for (index, value) in values.enumerated() {
            text.append(contentsOf: index > 0 ? ",[".utf8 : "[".utf8)
            write(value, &text)
            text.append(UInt8(ascii: "]"))
        }
        text.append(UInt8(ascii: "]"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `value` as a JSON string (RFC 8259 section 7): `"` and `\`
    /// escaped, control characters as `\u00XX`, everything else as it is.
    static func appendString(_ value: String, to text: inout [UInt8]) {
        text.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                text.append(UInt8(ascii: "\\"))
                text.append(byte)
            case 0..<0x20:
                text.append(contentsOf: "\\u00".utf8)
                text.append(hexDigit(byte >> 4))
                text.append(hexDigit(byte & 0x0F))
            default:
                text.append(byte)
            }
        }
        text.append(UInt8(ascii: "\""))
    }

    /// Appends `value` as a JSON number.
    static func appendInteger(_ value: Int64, to text: inout [UInt8]) {
        text.append(contentsOf: String(value).utf8)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
