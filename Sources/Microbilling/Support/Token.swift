/// Checks on the short words that travel inside KeyNote conditions and action
/// attributes (domains, currency codes, categories, merchant ids, nonces), so
/// that no value can break out of a quoted string or a pattern.
enum Token {
    /// Lowercase letters, digits, `-`, `_` and `.`, 1 to `maximum` bytes,
    /// starting with a letter or digit.
    static func isWord(_ text: String, maximum: Int = 32) -> Bool {
        let bytes = text.utf8
        guard (1...maximum).contains(bytes.count), let first = bytes.first, isLowerAlnum(first) else { return false }
        return bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// Like ``isWord(_:maximum:)`` but upper-case letters are allowed too.
    static func isIdentifier(_ text: String, maximum: Int = 64) -> Bool {
        let bytes = text.utf8
        guard (1...maximum).contains(bytes.count), let first = bytes.first, isAlnum(first) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// Lowercase hexadecimal of exactly `length` digits.
    static func isHex(_ text: String, length: Int) -> Bool {
        let bytes = text.utf8
        return bytes.count == length && bytes.allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
        }
    }

    /// Printable text for display (no control bytes, no `"` or `\`), 1 to `maximum` bytes.
    static func isDisplayText(_ text: String, maximum: Int = 64) -> Bool {
        let bytes = text.utf8
        guard (1...maximum).contains(bytes.count) else { return false }
        return bytes.allSatisfy { $0 >= 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }

    /// Throws ``MicrobillingError/Code-swift.struct/invalidValue`` naming `what` unless `valid`.
    /// (`text` is only written when it is named.)
    static func require(_ valid: Bool, _ what: String, _ text: @autoclosure () -> String) throws(MicrobillingError) {
        guard valid else { throw MicrobillingError(.invalidValue, "\(what) \"\(text().prefix(80))\" is not acceptable") }
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        isLowerAlnum(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
