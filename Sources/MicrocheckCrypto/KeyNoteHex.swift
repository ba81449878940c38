/// The hex ASCII encoding of keys and signatures (RFC 2792 sections 3 and 4, `-hex`),
/// with the reference implementation's (OpenBSD libkeynote) acceptance rules.
public enum KeyNoteHex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lowercase hex, two digits per byte, as keygen and
    /// sign write it (RFC 2792 sections 3 and 4).
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0) }) { return text }
        return encode(Array(bytes))
    }

    /// ``encode(_:)-(Collection<UInt8>)`` for an array, without generic dispatch.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { encode(buffer: $0) }
    }

    /// ``encode(_:)-(Collection<UInt8>)`` for an array slice, without generic dispatch.
    public static func encode(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { encode(buffer: $0) }
    }

    /// Hex of contiguous bytes, written straight into the string's storage.
    private static func encode(buffer bytes: UnsafeBufferPointer<UInt8>) -> String {
        digits.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: 2 * bytes.count) { text in
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = table[Int(byte >> 4)]
                    text[2 * index + 1] = table[Int(byte & 0x0F)]
                }
                return 2 * bytes.count
            }
        }
    }

    /// Decodes hex text the way the reference does (RFC 2792 sections 3 and 4).
    ///
    /// The text is read as a C string: it ends at the first NUL, if any. Its
    /// length must be even; otherwise the text is rejected. Each pair of
    /// characters is then read as C `strtoul(pair, NULL, 16)` reads it, so
    /// digits of either case are accepted and so, as in the reference, is
    /// anything else: a pair with leading whitespace or a sign, or with no
    /// hex digit at all (which gives 0), is *not* an error. Keys decoded from
    /// such text almost never parse; signatures decoded from it do not verify.
    ///
    /// - Throws: `KeyNoteCryptoError.Code.invalidEncoding` for odd-length text.
    public static func decode(_ text: some StringProtocol) throws(KeyNoteCryptoError) -> [UInt8] {
        try CStringBytes.with(text) { (bytes) throws(KeyNoteCryptoError) in try decode(bytes: bytes) }
    }

    /// `decode(_:)` over bytes already cut at a NUL.
    static func decode(bytes input: UnsafeBufferPointer<UInt8>) throws(KeyNoteCryptoError) -> [UInt8] {
        guard input.count % 2 == 0 else {
            throw KeyNoteCryptoError(code: .invalidEncoding, reason: "hex text has an odd length (\(input.count))")
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 2)
        for index in stride(from: 0, to: input.count, by: 2) {
            let first = input[index]
            let second = input[index + 1]
            if let high = digitValue(first), let low = digitValue(second) {
                output.append(high << 4 | low)
            } else {
                output.append(strtoulPair(first, second))
            }
        }
        return output
    }

    /// The value of one hex digit of either case, or nil.
    private static func digitValue(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// What `(unsigned char) strtoul(s, NULL, 16)` gives for the two-character
    /// C string `s` when it is not simply two hex digits: leading C whitespace
    /// is skipped, one sign is taken, then as many hex digits as follow are read
    /// (so `0x` reads as 0, like strtoul's prefix with no digits after it); a
    /// minus sign negates modulo 2^64, of which the low byte is kept.
    private static func strtoulPair(_ first: UInt8, _ second: UInt8) -> UInt8 {
        let chars = [first, second]
        var position = 0
        while position < chars.count, isCSpace(chars[position]) {
            position += 1
        }
        var negative = false
        if position < chars.count, chars[position] == UInt8(ascii: "+") || chars[position] == UInt8(ascii: "-") {
            negative = chars[position] == UInt8(ascii: "-")
            position += 1
        }
        var value: UInt8 = 0
        while position < chars.count, let digit = digitValue(chars[position]) {
            value = value &* 16 &+ digit
            position += 1
        }
        return negative ? 0 &- value : value
    }

    /// C `isspace` in the C locale.
    static func isCSpace(_ char: UInt8) -> Bool {
        char == 0x20 || (0x09...0x0D).contains(char)
    }
}
