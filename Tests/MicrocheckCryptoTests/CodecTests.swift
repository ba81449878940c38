import Testing
@testable import MicrocheckCrypto

@Suite("Hex and base64 with the reference's acceptance rules")
struct CodecTests {
    @Test("hex encodes lowercase, two digits per byte")
    func hexEncode() {
        #expect(KeyNoteHex.encode([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
        #expect(KeyNoteHex.encode([UInt8]()) == "")
    }

    @Test("hex of an array, a slice and any collection agree, for every byte value")
    func hexEntryPoints() throws {
        let bytes = (0...255).map { UInt8($0) }
        let expected = bytes.map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
        #expect(KeyNoteHex.encode(bytes) == expected)
        #expect(KeyNoteHex.encode(bytes[16..<48]) == String(expected.dropFirst(32).prefix(64)))
        #expect(KeyNoteHex.encode(bytes.lazy.map { $0 }) == expected)
        #expect(KeyNoteHex.encode(Set([UInt8(0xA5)])) == "a5")
        #expect(try KeyNoteHex.decode(KeyNoteHex.encode(bytes)) == bytes)
    }

    @Test("hex and base64 of bytes without contiguous storage are those of an array", arguments: 0..<7)
    func nonContiguousEntryPoints(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 3) }
        #expect(KeyNoteTextEncoding.base64.encode(bytes.lazy.map { $0 }) == KeyNoteBase64.encode(bytes))
        #expect(KeyNoteTextEncoding.hex.encode(bytes.lazy.map { $0 }) == KeyNoteHex.encode(bytes))
    }

    @Test("hex decodes either case", arguments: ["deadBEEF", "DEADbeef", "deadbeef"])
    func hexCase(text: String) throws {
        #expect(try KeyNoteHex.decode(text) == [0xDE, 0xAD, 0xBE, 0xEF])
    }

    @Test("hex of odd length is rejected", arguments: ["0", "abc", "00112"])
    func hexOddLength(text: String) {
        #expect(throws: KeyNoteCryptoError.self) { try KeyNoteHex.decode(text) }
    }

    @Test("hex pairs read like strtoul(pair, NULL, 16), as in the reference", arguments: [
        ("zz", UInt8(0x00)),  // no digit: 0
        ("1z", 0x01),  // digits up to the first non-digit
        (" f", 0x0F),  // leading whitespace skipped
        ("+7", 0x07),  // sign accepted
        ("-1", 0xFF),  // negated modulo 2^64, low byte kept
        ("-f", 0xF1),
        ("0x", 0x00),  // hex prefix with no digit after it
        ("\t\n", 0x00),
    ])
    func hexStrtoulPairs(pair: String, value: UInt8) throws {
        #expect(try KeyNoteHex.decode("00" + pair + "ff") == [0x00, value, 0xFF])
    }

    @Test("hex stops at a NUL like a C string")
    func hexNul() throws {
        #expect(try KeyNoteHex.decode("abcd\u{0}ef0") == [0xAB, 0xCD])
    }

    @Test("base64 round trips every length of a quantum", arguments: 0..<7)
    func base64RoundTrip(length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 89 &+ 250) }
        let text = KeyNoteBase64.encode(bytes)
        #expect(text.count % 4 == 0)
        #expect(try KeyNoteBase64.decode(text) == bytes)
    }

    @Test("base64 known answers (RFC 4648 section 10)", arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func base64KnownAnswers(plain: String, encoded: String) throws {
        #expect(KeyNoteBase64.encode(Array(plain.utf8)) == encoded)
        #expect(try KeyNoteBase64.decode(encoded) == Array(plain.utf8))
    }

    @Test("base64 accepted with whitespace anywhere, when the total length is a multiple of 4", arguments: [
        ("Zm9v Ym\nE=", "fooba"),
        ("Zm9v\tYmE= \n", "fooba"),
        ("Zg= =", "f"),
        (" Zg==   ", "f"),
        ("Zm9v\r\nYmFy", "foobar"),
    ])
    func base64Whitespace(text: String, plain: String) throws {
        let padded = text + String(repeating: " ", count: (4 - text.utf8.count % 4) % 4)
        #expect(try KeyNoteBase64.decode(padded) == Array(plain.utf8))
    }

    @Test("base64 rejected as the reference rejects it", arguments: [
        "Zm9vYmE",  // length not a multiple of 4
        "Zm9vYmE= ",  // whitespace counts toward the length
        "Zg=",  // a lone '=' after two characters
        "Z===",  // '=' at the second character
        "====",  // '=' at the first character
        "Zh==",  // non-zero bits after the last byte
        "Zm9=",  // non-zero bits after the last byte
        "Zg==Zg==",  // data after the padding
        "Zm9v!mFy",  // character outside the alphabet
        "Zm9v-_Fy",  // URL-safe alphabet is not accepted
        "Zm9vY   ",  // ends inside a quantum
    ])
    func base64Rejected(text: String) {
        #expect(throws: KeyNoteCryptoError.self) { try KeyNoteBase64.decode(text) }
    }

    @Test("base64 stops at a NUL like a C string")
    func base64Nul() throws {
        #expect(try KeyNoteBase64.decode("Zm9v\u{0}Zg") == Array("foo".utf8))
    }

    @Test("constant-time comparison")
    func constantTimeEqual() {
        #expect(KeyNoteSecrets.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!KeyNoteSecrets.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!KeyNoteSecrets.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(KeyNoteSecrets.constantTimeEqual([], []))
    }

    @Test("wiping zeroes and empties a buffer")
    func wipe() {
        var secret: [UInt8] = [9, 8, 7]
        KeyNoteSecrets.wipe(&secret)
        #expect(secret.isEmpty)
    }
}
