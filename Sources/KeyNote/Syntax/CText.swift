import Glibc

/// Byte-level helpers that reproduce the C library behaviour the reference
/// implementation relies on, in the C locale.
enum CText {
    /// The index of the first `byte` in `text[start..<end]`, found with `memchr`.
    static func find(_ byte: UInt8, in text: [UInt8], from start: Int, to end: Int) -> Int? {
        guard start < end, end <= text.count else { return nil }
        return text.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress,
                  let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// `isspace` in the C locale: space, `\t`, `\n`, `\v`, `\f`, `\r`.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    @inline(__always)
    static func isOctal(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7")
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// `(int) atoi(digits)` on x86-64 glibc: `strtol` saturates at `LONG_MAX`,
    /// then the conversion to a 32-bit `int` keeps the low 32 bits.
    /// (So `4294967296` reads as 0 and `9223372036854775807` as -1.)
    static func atoi(_ digits: ArraySlice<UInt8>) -> Int32 {
        var value: Int64 = 0
        var saturated = false
        for byte in digits {
            let digit = Int64(byte &- UInt8(ascii: "0"))
            if !saturated {
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                if overflow1 || overflow2 {
                    saturated = true
                    value = Int64.max
                } else {
                    value = sum
                }
            }
        }
        return Int32(truncatingIfNeeded: value)
    }

    /// `atof` of a string that ``isFloatString(_:)`` accepted (digits with at
    /// most one `.`); correctly rounded, as glibc's `strtod` is. An empty string
    /// or a lone `.` reads as 0.
    static func atof(_ text: some Collection<UInt8>) -> Double {
        // Up to 15 digits without a point: an integer below 2^53, which a
        // double holds exactly, so no rounding is involved.
        if text.count <= 15, !text.contains(UInt8(ascii: ".")) {
            var value: Int64 = 0
            for byte in text {
                value = value * 10 + Int64(byte &- UInt8(ascii: "0"))
            }
            return Double(value)
        }
        var digits = "0"
        digits.reserveCapacity(text.count + 2)
        var sawPoint = false
        for byte in text {
            if byte == UInt8(ascii: ".") { sawPoint = true }
            digits.unicodeScalars.append(Unicode.Scalar(byte))
        }
        if sawPoint { digits += "0" }
        return Double(digits) ?? 0
    }

    /// The reference's `isfloatstring`: only digits and at most one `.`
    /// (so `-1`, `1e9`, ` 5` and `0x10` are not numbers and read as 0).
    static func isFloatString(_ text: some Collection<UInt8>) -> Bool {
        var point = false
        for byte in text where !isDigit(byte) {
            if byte == UInt8(ascii: "."), !point {
                point = true
            } else {
                return false
            }
        }
        return true
    }

    /// `(int) floor(x)` as x86-64 computes it: values outside the `int` range,
    /// infinities and NaN become `INT_MIN` (the "integer indefinite" value).
    static func floorToInt32(_ value: Double) -> Int32 {
        let floored = value.rounded(.down)
        guard floored.isFinite, floored >= -2147483648.0, floored <= 2147483647.0 else {
            return Int32.min
        }
        return Int32(floored)
    }

    /// `strcmp` of two byte strings: unsigned byte order, shorter prefix first.
    static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let count = min(lhs.count, rhs.count)
        if count > 0, let left = lhs.baseAddress, let right = rhs.baseAddress {
            let order = memcmp(left, right, count)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    /// Whether two byte strings are equal.
    @inline(__always)
    static func equal(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard lhs.count > 0, let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        return memcmp(left, right, lhs.count) == 0
    }

    /// Calls `body` with the decimal digits of `value`, with a `-` when it is negative.
    static func withDecimal<Result>(_ value: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // 20 digits and a sign hold any Int; written from the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { digits in
            var position = digits.count
            var rest = value.magnitude
            repeat {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest != 0
            if value < 0 {
                position -= 1
                digits[position] = UInt8(ascii: "-")
            }
            return body(UnsafeBufferPointer(rebasing: digits[position...]))
        }
    }
}
