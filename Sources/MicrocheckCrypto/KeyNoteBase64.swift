/// The base64 ASCII encoding of keys and signatures (RFC 2792 sections 3
/// and 4, `-base64`, the alphabet and padding of RFC 2045 section 6.8), with the
/// reference implementation's (OpenBSD libkeynote) acceptance rules.
public enum KeyNoteBase64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let pad = UInt8(ascii: "=")

    /// Value of each byte in the alphabet, or 0xFF.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, char) in alphabet.enumerated() {
            table[Int(char)] = UInt8(value)
        }
        return table
    }()

    /// Encodes `bytes` as padded base64 on one line, as keygen and sign write
    /// it (RFC 2792 sections 3 and 4).
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            text.append(alphabet[Int(first >> 2)])
            text.append(alphabet[Int((first & 0x03) << 4 | (second ?? 0) >> 4)])
            if let second {
                text.append(alphabet[Int((second & 0x0F) << 2 | (third ?? 0) >> 6)])
            } else {
                text.append(pad)
            }
            if let third {
                text.append(alphabet[Int(third & 0x3F)])
            } else {
                text.append(pad)
            }
        }
        return String(decoding: text, as: UTF8.self)
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
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        // Bits of the byte being assembled, and how many characters of the
        // current quantum have been read (0...3).
        var partial: UInt8 = 0
        var state = 0
        var iterator = input.makeIterator()
        var sawPad = false
        while let char = iterator.next() {
            if KeyNoteHex.isCSpace(char) { continue }
            if char == pad {
                sawPad = true
                break
            }
            let value = values[Int(char)]
            guard value != 0xFF else {
                throw invalid("character 0x\(KeyNoteHex.encode([char])) is not in the base64 alphabet")
            }
            switch state {
            case 0:
                partial = value << 2
            case 1:
                output.append(partial | value >> 4)
                partial = (value & 0x0F) << 4
            case 2:
                output.append(partial | value >> 2)
                partial = (value & 0x03) << 6
            default:
                output.append(partial | value)
                partial = 0
            }
            state = (state + 1) % 4
        }
        guard sawPad else {
            guard state == 0 else { throw invalid("text ends inside a quantum without padding") }
            return output
        }
        switch state {
        case 0, 1:
            throw invalid("padding at the first or second character of a quantum")
        case 2:
            var next = iterator.next()
            while let char = next, KeyNoteHex.isCSpace(char) {
                next = iterator.next()
            }
            guard next == pad else { throw invalid("a single '=' after two characters of a quantum") }
        default:
            break
        }
        while let char = iterator.next() {
            guard KeyNoteHex.isCSpace(char) else { throw invalid("text after the padding") }
        }
        guard partial == 0 else { throw invalid("non-zero bits after the last byte") }
        return output
    }

    private static func invalid(_ reason: String) -> KeyNoteCryptoError {
        KeyNoteCryptoError(code: .invalidEncoding, reason: "base64: \(reason)")
    }
}
