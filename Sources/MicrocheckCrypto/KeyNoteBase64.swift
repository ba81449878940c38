/// The base64 ASCII encoding of keys and signatures (RFC 2792 sections 3
/// and 4, `-base64`, the alphabet and padding of RFC 2045 section 6.8), with the
/// reference implementation's (OpenBSD libkeynote) acceptance rules.
public enum KeyNoteBase64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let pad = UInt8(ascii: "=")

    /// What each byte is to the decoder: its value (0...63) for the
    /// alphabet, or one of the codes below.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: invalidCode, count: 256)
        for (value, char) in alphabet.enumerated() {
            table[Int(char)] = UInt8(value)
        }
        for char in 0...255 where KeyNoteHex.isCSpace(UInt8(char)) {
            table[char] = spaceCode
        }
        table[Int(pad)] = padCode
        return table
    }()
    /// Table codes of the bytes outside the alphabet (all have bit 6 or 7 set).
    private static let spaceCode: UInt8 = 0x40
    private static let padCode: UInt8 = 0x41
    private static let invalidCode: UInt8 = 0xFF

    /// Encodes `bytes` as padded base64 on one line, as keygen and sign write
    /// it (RFC 2792 sections 3 and 4).
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { encode(buffer: $0) }
    }

    /// Base64 of contiguous bytes, three at a time through the alphabet's table.
    private static func encode(buffer bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = (bytes.count + 2) / 3 * 4
        return alphabet.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: count) { text in
                var out = 0
                var index = 0
                while index + 3 <= bytes.count {
                    let first = bytes[index], second = bytes[index + 1], third = bytes[index + 2]
                    text[out] = table[Int(first >> 2)]
                    text[out + 1] = table[Int((first & 0x03) << 4 | second >> 4)]
                    text[out + 2] = table[Int((second & 0x0F) << 2 | third >> 6)]
                    text[out + 3] = table[Int(third & 0x3F)]
                    index += 3
                    out += 4
                }
                if index < bytes.count {
                    let first = bytes[index]
                    let second: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
                    text[out] = table[Int(first >> 2)]
                    text[out + 1] = table[Int((first & 0x03) << 4 | second >> 4)]
                    text[out + 2] = index + 1 < bytes.count ? table[Int((second & 0x0F) << 2)] : pad
                    text[out + 3] = pad
                    out += 4
                }
                return out
            }
        }
    }

    /// Decodes base64 text the way the reference does (RFC 2792 sections 3 and 4).
    ///
    /// The text is read as a C string: it ends at the first NUL, if any. Then:
    /// - its whole length, whitespace included, must be a multiple of 4 (the
    ///   reference checks this before decoding keys and signatures);
    /// - C whitespace anywhere is skipped;
    /// - any other character outside the alphabet is an error;
    /// - the data ends at the first `=`: after one or two data characters of
    ///   a final quantum that is an error, after two it must be followed
    ///   (whitespace aside) by a second `=`, and after the padding only
    ///   whitespace may follow;
    /// - the unused low bits of a padded final quantum must be zero;
    /// - text that ends without padding must end on a whole quantum.
    ///
    /// - Throws: `KeyNoteCryptoError.Code.invalidEncoding` when a rule is broken.
    public static func decode(_ text: some StringProtocol) throws(KeyNoteCryptoError) -> [UInt8] {
        try CStringBytes.with(text) { (bytes) throws(KeyNoteCryptoError) in try decode(bytes: bytes) }
    }

    /// `decode(_:)` over bytes already cut at a NUL.
    static func decode(bytes input: UnsafeBufferPointer<UInt8>) throws(KeyNoteCryptoError) -> [UInt8] {
        guard input.count % 4 == 0 else {
            throw invalid("length \(input.count) is not a multiple of 4")
        }
        var failure: String? = nil
        // Every four characters give at most three bytes.
        let output = table.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3) { buffer, count in
                failure = decode(input, table: table, into: buffer, count: &count)
            }
        }
        if let failure { throw invalid(failure) }
        return output
    }

    /// Decodes `input` into `output`, setting `count` to the bytes written;
    /// returns why the text breaks a rule, or nil.
    private static func decode(
        _ input: UnsafeBufferPointer<UInt8>,
        table: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>,
        count: inout Int
    ) -> String? {
        let length = input.count
        var index = 0
        var written = 0
        defer { count = written }
        // Whole quanta of four alphabet characters, the usual text, read
        // through pointers: `index + 4 <= length` keeps the reads in `input`,
        // and `output` has room for three bytes per four characters.
        if let source = input.baseAddress, let target = output.baseAddress, let lookup = table.baseAddress {
            let end = source + (length & ~3)
            var from = source
            var to = target
            while from < end {
                let a = UInt32(lookup[Int(from[0])]), b = UInt32(lookup[Int(from[1])])
                let c = UInt32(lookup[Int(from[2])]), d = UInt32(lookup[Int(from[3])])
                if (a | b | c | d) & 0xC0 != 0 { break }
                let bits = a << 18 | b << 12 | c << 6 | d
                to[0] = UInt8(truncatingIfNeeded: bits >> 16)
                to[1] = UInt8(truncatingIfNeeded: bits >> 8)
                to[2] = UInt8(truncatingIfNeeded: bits)
                from += 4
                to += 3
            }
            index = source.distance(to: from)
            written = target.distance(to: to)
        }
        // The rest one character at a time: whitespace, padding, errors.
        // Bits of the byte being assembled, and how many characters of the
        // current quantum have been read (0...3).
        var partial: UInt8 = 0
        var state = 0
        var sawPad = false
        while index < length {
            let char = input[index]
            let value = table[Int(char)]
            index += 1
            if value == spaceCode { continue }
            if value == padCode {
                sawPad = true
                break
            }
            guard value != invalidCode else {
                return "character 0x\(KeyNoteHex.encode([char])) is not in the base64 alphabet"
            }
            switch state {
            case 0:
                partial = value << 2
            case 1:
                output[written] = partial | value >> 4
                written += 1
                partial = (value & 0x0F) << 4
            case 2:
                output[written] = partial | value >> 2
                written += 1
                partial = (value & 0x03) << 6
            default:
                output[written] = partial | value
                written += 1
                partial = 0
            }
            state = (state + 1) & 3
        }
        guard sawPad else {
            return state == 0 ? nil : "text ends inside a quantum without padding"
        }
        switch state {
        case 0, 1:
            return "padding at the first or second character of a quantum"
        case 2:
            while index < length, table[Int(input[index])] == spaceCode {
                index += 1
            }
            guard index < length, input[index] == pad else { return "a single '=' after two characters of a quantum" }
            index += 1
        default:
            break
        }
        while index < length {
            guard table[Int(input[index])] == spaceCode else { return "text after the padding" }
            index += 1
        }
        return partial == 0 ? nil : "non-zero bits after the last byte"
    }

    private static func invalid(_ reason: String) -> KeyNoteCryptoError {
        KeyNoteCryptoError(code: .invalidEncoding, reason: "base64: \(reason)")
    }
}
