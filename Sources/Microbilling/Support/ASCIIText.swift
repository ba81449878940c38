/// ASCII text written as bytes: the canonical texts of this system
/// (microchecks, stamps, amounts, ids) are written once, as bytes, instead
/// of through string interpolation and concatenation.
package enum ASCIIText {
    /// Appends `value` in decimal, with a `-` when negative, after as many
    /// `0`s as make it at least `width` bytes (the sign counts), as
    /// `String(value)` left-padded with zeros.
    static func appendDecimal(_ value: Int64, width: Int = 0, to bytes: inout [UInt8]) {
        // Digits of the magnitude, least significant first; UInt64 holds |Int64.min|.
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
        }
        let length = count + (value < 0 ? 1 : 0)
        for _ in 0..<max(0, width - length) { bytes.append(UInt8(ascii: "0")) }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        withUnsafeBytes(of: &digits) { buffer in
            for index in (0..<count).reversed() { bytes.append(buffer[index]) }
        }
    }
}
