import Testing
@testable import MicrocheckCrypto

@Suite("Signature algorithm names and keynote's print layout")
struct AlgorithmAndLayoutTests {
    @Test("known names are recognised case-insensitively, keeping the spelling", arguments: KeyNoteSignatureAlgorithm.all)
    func identify(algorithm: KeyNoteSignatureAlgorithm) throws {
        let found = try #require(KeyNoteSignatureAlgorithm.identify(algorithm.name + "AbCd"))
        #expect(found == algorithm)
        #expect(found.prefixLength == algorithm.name.utf8.count)
        let upper = try #require(KeyNoteSignatureAlgorithm.identify(algorithm.name.uppercased() + "00"))
        #expect(upper == algorithm)
        #expect(upper.name == algorithm.name.uppercased())
        #expect(upper.hashValue == algorithm.hashValue)
    }

    @Test("init(name:) needs the whole name with its colon")
    func initByName() throws {
        #expect(KeyNoteSignatureAlgorithm(name: "sig-rsa-sha1-base64:") == .rsaSHA1Base64)
        #expect(KeyNoteSignatureAlgorithm(name: "SIG-DSA-SHA1-HEX:")?.name == "SIG-DSA-SHA1-HEX:")
        #expect(KeyNoteSignatureAlgorithm(name: "sig-rsa-sha1-base64") == nil)
        #expect(KeyNoteSignatureAlgorithm(name: "sig-rsa-sha1-base64:x") == nil)
        #expect(KeyNoteSignatureAlgorithm(name: "sig-rsa-sha256-base64:") == nil)
    }

    @Test("unknown signature names are not recognised", arguments: [
        "", "sig-rsa-sha1-base64", "sig-x509-sha1-base64:AAAA", "sig-dsa-md5-hex:00", "rsa-base64:AAAA", " sig-rsa-sha1-hex:00",
    ])
    func unknownNames(text: String) {
        #expect(KeyNoteSignatureAlgorithm.identify(text) == nil)
    }

    @Test("properties of each algorithm")
    func properties() {
        #expect(KeyNoteSignatureAlgorithm.all.count == 8)
        #expect(KeyNoteSignatureAlgorithm.rsaMD5Hex.keyAlgorithm == .rsa)
        #expect(KeyNoteSignatureAlgorithm.rsaMD5Hex.encoding == .hex)
        #expect(KeyNoteSignatureAlgorithm.dsaSHA1Base64.keyAlgorithm == .dsa)
        #expect(KeyNoteSignatureAlgorithm.ed25519Base64.encoding == .base64)
        #expect(KeyNoteSignatureAlgorithm.default(for: .dsa, encoding: .hex) == .dsaSHA1Hex)
        #expect(KeyNoteSignatureAlgorithm.default(for: .ed25519, encoding: .base64).name == "sig-ed25519-base64:")
    }

    @Test("layout: offset, 50 columns counted from the quote, backslash continuations")
    func wrappedLayout() {
        let text = String(repeating: "x", count: 100)
        let lines = KeyNoteTextLayout.wrapped(text).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == String(repeating: " ", count: 12) + "\"" + String(repeating: "x", count: 48) + "\\")
        #expect(lines[1] == String(repeating: " ", count: 12) + String(repeating: "x", count: 49) + "\\")
        #expect(lines[2] == String(repeating: " ", count: 12) + "xxx\"")
        #expect(KeyNoteTextLayout.wrapped(text).hasSuffix("\"\n"))
    }

    @Test("layout edge cases", arguments: [
        ("abc", 0, 100_000, "\"abc\"\n"),
        ("abc", -3, 100_000, "\"abc\"\n"),
        ("abc", 1, 2, " \"\\\n a\\\n b\\\n c\"\n"),
        ("abc", 0, 1, "\"abc\"\n"),
        ("ab", 0, 4, "\"ab\"\n"),
        ("abc", 0, 4, "\"ab\\\nc\"\n"),
        ("", 2, 50, "  \"\"\n"),
    ])
    func layoutEdges(text: String, offset: Int, length: Int, expected: String) {
        #expect(KeyNoteTextLayout.wrapped(text, offset: offset, length: length) == expected)
    }
}
