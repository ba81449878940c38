/// KeyNote string literals (RFC 2704 section 4.3) as the reference reads them.
///
/// A literal is `"` (a backslash with any byte after it | any byte but `\`,
/// `"` or newline)* `"`. Its escapes are `\n`, `\t`, `\r`, `\f`; `\` + newline
/// drops the newline and the whitespace after it; `\ooo` (three octal digits,
/// or `\0` with one or two more) is a byte, taken modulo 256, and an escape
/// whose value is 0 is not an escape (its first digit is copied); any other
/// `\x` is `x`.
enum StringLiteral {
    /// Finds the end of the literal whose opening quote is at `start`, in an
    /// assertion's text (which holds no NUL: ``AssertionFields`` refuses one).
    ///
    /// - Returns: the index of the closing quote, or nil when the literal is not
    ///   terminated (end of text, or a newline that is not escaped).
    static func closingQuote(in text: [UInt8], from start: Int, end: Int) -> Int? {
        // Most literals (keys, signatures) hold no backslash and no newline:
        // then the first quote closes them.
        if let quote = CText.find(UInt8(ascii: "\""), in: text, from: start + 1, to: end),
           CText.find(UInt8(ascii: "\\"), in: text, from: start + 1, to: quote) == nil,
           CText.find(UInt8(ascii: "\n"), in: text, from: start + 1, to: quote) == nil {
            return quote
        }
        return text.withUnsafeBufferPointer { bytes in
            var index = start + 1
            while index < end {
                let byte = bytes[index]
                if byte > UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\\") {
                    index += 2
                } else if byte == UInt8(ascii: "\"") {
                    return index
                } else if byte == UInt8(ascii: "\n") || byte == 0 {
                    return nil
                } else {
                    index += 1
                }
            }
            return nil
        }
    }

    /// Unescapes the bytes between the quotes, exactly as the reference does.
    static func unescape(_ text: [UInt8], from start: Int, to end: Int) -> [UInt8] {
        var output: [UInt8] = []
        unescape(text, from: start, to: end, into: &output)
        return output
    }

    /// Unescapes the bytes between the quotes and appends them to `output`.
    static func unescape(_ text: [UInt8], from start: Int, to end: Int, into output: inout [UInt8]) {
        if CText.find(UInt8(ascii: "\\"), in: text, from: start, to: end) == nil,
           CText.find(0, in: text, from: start, to: end) == nil {
            text.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
            return
        }
        output.reserveCapacity(output.count + end - start)
        var index = start
        var remaining = end - start
        @inline(__always) func byte(_ at: Int) -> UInt8 { at < end ? text[at] : UInt8(ascii: "\"") }

        while remaining > 0 {
            remaining -= 1
            let current = text[index]
            if current != UInt8(ascii: "\\") {
                if current == 0 { break }
                output.append(current)
                index += 1
                continue
            }
            index += 1
            if remaining <= 0 { break }
            remaining -= 1
            let escapedByte = byte(index)
            if escapedByte == UInt8(ascii: "\n") {
                while true {
                    index += 1
                    guard CText.isSpace(byte(index)) else { break }
                    if remaining > 0 {
                        remaining -= 1
                    } else {
                        remaining -= 1
                        break
                    }
                }
                continue
            }
            if let (value, advance) = octal(text, at: index, remaining: remaining, end: end) {
                remaining -= advance - 1
                index += advance
                output.append(value)
                continue
            }
            switch escapedByte {
            case UInt8(ascii: "n"): output.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): output.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "r"): output.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "f"): output.append(0x0C)
            case 0: return
            default: output.append(escapedByte)
            }
            index += 1
        }
    }

    /// An octal escape starting at `index` (just after the backslash), with
    /// `remaining` bytes after that one: the value and how many bytes it spans.
    private static func octal(_ text: [UInt8], at index: Int, remaining: Int, end: Int) -> (UInt8, Int)? {
        @inline(__always) func byte(_ at: Int) -> UInt8 { at < end ? text[at] : UInt8(ascii: "\"") }
        let first = byte(index)
        var value: UInt8 = 0
        var advance = 0
        if first == UInt8(ascii: "0") {
            if remaining > 0, CText.isOctal(byte(index + 1)) {
                value = byte(index + 1) - UInt8(ascii: "0")
                advance = 2
                if CText.isOctal(byte(index + 2)), remaining - 1 > 0 {
                    value = value &* 8 &+ (byte(index + 2) - UInt8(ascii: "0"))
                    advance = 3
                }
            }
        } else if CText.isOctal(first), remaining - 1 > 0,
                  CText.isOctal(byte(index + 1)), CText.isOctal(byte(index + 2)) {
            let wide = Int(first - 48) * 64 + Int(byte(index + 1) - 48) * 8 + Int(byte(index + 2) - 48)
            value = UInt8(truncatingIfNeeded: wide)
            advance = 3
        }
        return value == 0 ? nil : (value, advance)
    }
}
