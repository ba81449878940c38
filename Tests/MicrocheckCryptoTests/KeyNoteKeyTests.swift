import Testing
@testable import MicrocheckCrypto

@Suite("Public and private keys from keynote keygen")
struct KeyNoteKeyTests {
    @Test("the vector folder holds the expected key pairs")
    func vectorKeysPresent() {
        #expect(Vectors.keyNames.count == 15)
        #expect(Vectors.keyNames.contains("dsa1024-hex-a"))
        #expect(Vectors.keyNames.contains("rsa2048-b64-b"))
    }

    @Test("every public key parses and re-encodes to keygen's exact text", arguments: Vectors.keyNames)
    func publicKeyRoundTrip(name: String) throws {
        let text = try Vectors.keyText("\(name).pub")
        let key = try #require(try KeyNoteKey.parse(text))
        #expect(key.algorithm == (name.hasPrefix("rsa") ? .rsa : .dsa))
        let encoding: KeyNoteTextEncoding = name.contains("-hex-") ? .hex : .base64
        #expect(key.encoded(encoding) == text)
        // keygen's file is exactly the key laid out at offset 12, 50 columns.
        #expect(KeyNoteTextLayout.wrapped(key.encoded(encoding)) == (try Vectors.keyFile("\(name).pub")))
    }

    @Test("every private key parses, re-encodes exactly, and its public half is the .pub key", arguments: Vectors.keyNames)
    func privateKeyRoundTrip(name: String) throws {
        let text = try Vectors.keyText("\(name).priv")
        let privateKey = try KeyNotePrivateKey.parse(text)
        let encoding: KeyNoteTextEncoding = name.contains("-hex-") ? .hex : .base64
        #expect(privateKey.encoded(encoding) == text)
        #expect(KeyNoteTextLayout.wrapped(privateKey.encoded(encoding)) == (try Vectors.keyFile("\(name).priv")))
        #expect(privateKey.publicKey == (try Vectors.publicKey(name)))
    }

    @Test("hex and base64 forms, and letter case, compare equal", arguments: Vectors.keyNames)
    func encodingsCompareEqual(name: String) throws {
        let key = try Vectors.publicKey(name)
        let hex = key.encoded(.hex)
        let base64 = key.encoded(.base64)
        let forms = [hex, base64, hex.uppercased(), uppercasedPrefix(base64)]
        for form in forms {
            let parsed = try #require(try KeyNoteKey.parse(form))
            #expect(parsed == key)
            #expect(parsed.hashValue == key.hashValue)
            #expect(parsed.fingerprint == key.fingerprint)
        }
        var set: Set<KeyNoteKey> = [key]
        set.insert(try #require(try KeyNoteKey.parse(hex.uppercased())))
        #expect(set.count == 1)
    }

    @Test("different keys compare unequal")
    func differentKeysDiffer() throws {
        let keys = try Vectors.keyNames.map(Vectors.publicKey)
        #expect(Set(keys).count == keys.count)
        #expect(Set(keys.map(\.fingerprint)).count == keys.count)
        #expect(keys.allSatisfy { $0.fingerprint.count == 32 })
    }

    @Test("the DSA public key is SEQUENCE { y, p, q, g } and the private key SEQUENCE { 0, p, q, g, y, x }")
    func dsaLayouts() throws {
        let publicDER = try KeyNoteHex.decode(Vectors.keyText("dsa1024-hex-a.pub").dropFirst("dsa-hex:".count))
        let privateDER = try KeyNoteHex.decode(Vectors.keyText("dsa1024-hex-a.priv").dropFirst("private-dsa-hex:".count))
        let publicIntegers = try #require(DERIntegers.sequence(publicDER))
        let privateIntegers = try #require(DERIntegers.sequence(privateDER))
        #expect(publicIntegers.count == 4)
        #expect(privateIntegers.count == 6)
        #expect(privateIntegers[0] == [0])
        #expect(publicIntegers == [privateIntegers[4], privateIntegers[1], privateIntegers[2], privateIntegers[3]])
    }

    @Test("texts without a key prefix are opaque principals", arguments: [
        "POLICY", "alice", "", "rsa-base65:AAAA", "rsa:AAAA", "pgp:0123", "elgamal-hex:00", "rsa-base64", " rsa-hex:00",
    ])
    func opaquePrincipals(text: String) throws {
        #expect(try KeyNoteKey.parse(text) == nil)
    }

    @Test("a recognised prefix with a bad payload throws", arguments: [
        ("rsa-base64:", KeyNoteCryptoError.Code.invalidKey),
        ("rsa-base64:AAA", .invalidEncoding),
        ("rsa-base64:MIGJ!AoG", .invalidEncoding),
        ("dsa-hex:308", .invalidEncoding),
        ("rsa-hex:3082", .invalidKey),
        ("DSA-BASE64:AAAA", .invalidKey),
        ("ed25519-hex:00", .invalidKey),
        ("binary-hex:41", .unsupportedAlgorithm),
        ("x509-base64:AAAA", .invalidKey),
    ])
    func malformedKeys(text: String, code: KeyNoteCryptoError.Code) {
        #expect {
            _ = try KeyNoteKey.parse(text)
        } throws: { error in
            (error as? KeyNoteCryptoError)?.code == code
        }
    }

    @Test("an x509 principal is the certificate's RSA key, equal to the rsa- form")
    func x509Principal() throws {
        let key = try #require(try KeyNoteKey.parse("x509-base64:" + Self.certificateOfRSA1024A))
        #expect(key.algorithm == .rsa)
        #expect(key == (try Vectors.publicKey("rsa1024-b64-a")))
        let hexForm = try #require(try KeyNoteKey.parse("X509-HEX:" + KeyNoteHex.encode(KeyNoteBase64.decode(Self.certificateOfRSA1024A))))
        #expect(hexForm == key)
    }

    @Test("bytes after the key's DER are ignored, as by the reference's d2i calls")
    func trailingDERBytes() throws {
        let key = try Vectors.publicKey("rsa1024-hex-a")
        #expect(try KeyNoteKey.parse(key.encoded(.hex) + "0000") == key)
    }

    @Test("a DER failure carries OpenSSL's error text")
    func openSSLErrorText() {
        do {
            _ = try KeyNoteKey.parse("rsa-hex:300602010102")
            Issue.record("a truncated RSAPublicKey parsed")
        } catch {
            #expect(error.code == .invalidKey)
            #expect(error.reason.contains("OpenSSL:"))
            #expect(error.description.hasPrefix("invalidKey: "))
        }
    }

    @Test("parsing stops at a NUL, as the reference's C strings do")
    func nulTerminates() throws {
        let text = try Vectors.keyText("rsa1024-b64-a.pub")
        #expect(try KeyNoteKey.parse(text + "\u{0}garbage") == (try Vectors.publicKey("rsa1024-b64-a")))
    }

    @Test("private keys: wrong marker, unsupported and undecodable forms throw", arguments: [
        ("rsa-base64:MIIC", KeyNoteCryptoError.Code.notAPrivateKey),
        ("private-", .notAPrivateKey),
        ("private-pgp:00", .notAPrivateKey),
        ("private-x509-base64:AAAA", .unsupportedAlgorithm),
        ("private-binary-hex:00", .unsupportedAlgorithm),
        ("private-rsa-hex:3", .invalidEncoding),
        ("private-rsa-hex:3000", .invalidKey),
        ("private-ed25519-hex:0011", .invalidKey),
    ])
    func malformedPrivateKeys(text: String, code: KeyNoteCryptoError.Code) {
        #expect {
            _ = try KeyNotePrivateKey.parse(text)
        } throws: { error in
            (error as? KeyNoteCryptoError)?.code == code
        }
    }

    @Test("a private key's prefix is read case-insensitively")
    func privatePrefixCase() throws {
        let text = try Vectors.keyText("rsa1024-hex-a.priv")
        let upper = "PRIVATE-RSA-HEX:" + text.dropFirst("private-rsa-hex:".count)
        let key = try KeyNotePrivateKey.parse(upper)
        #expect(key.encoded(.hex) == text)
    }

    /// A self-signed X.509 certificate (DER, base64) for the key rsa1024-b64-a,
    /// made with `openssl req -new -x509`.
    static let certificateOfRSA1024A = """
        MIIB+TCCAWKgAwIBAgIBATANBgkqhkiG9w0BAQsFADAXMRUwEwYDVQQDDAxrZXlub3RlLXRlc3QwIBcNMjYxMTI0MTg0MjQyWhgPMjEyNjEwMzExODQyNDJaMBcxFTATBgNVBAMMDGtleW5vdGUtdGVzdDCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEA0R0elmF/dsTLDLKKK5ObADmeDHXqJwpS79EiwsfTS8kiKcxuiehPs5r3noqt3VfPW8IapKZQOhQHaHaz2x5pZkrOnD1K/B0esQTJIv7Mip6s7hG5wysyk2qCBEAKv42IHSgTd2nwPLo2E8LyMtABLXzTsataVq62DlJVC3ZYgG8CAwEAAaNTMFEwHQYDVR0OBBYEFLaVIdUTbL4fhOGlGj3f42/LmKqbMB8GA1UdIwQYMBaAFLaVIdUTbL4fhOGlGj3f42/LmKqbMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADgYEACKrXtkeAyCL3fOX9imW42iVJxM9yEPpVakh5QdXLe8CU8fWIWic6TJhh7DImk9trvwzOoZt5wANeT96rwYCE4bqxF2n+CeeLS5gdguQ09KSvmWtCWr/Gg8lE0Y9z5Z0ChQg3EI5xx9rk0Y/ixIm1vgpWiAQ7JeiHq2S0XyRX3BQ=
        """
}

/// Reads the INTEGERs of a DER SEQUENCE of INTEGERs (enough to check key layouts).
enum DERIntegers {
    static func sequence(_ der: [UInt8]) -> [[UInt8]]? {
        var index = 0
        guard der.first == 0x30, let (_, contentStart) = length(der, at: 1) else { return nil }
        index = contentStart
        var integers: [[UInt8]] = []
        while index < der.count {
            guard der[index] == 0x02, let (count, start) = length(der, at: index + 1), start + count <= der.count else {
                return nil
            }
            integers.append(Array(der[start..<start + count]))
            index = start + count
        }
        return integers
    }

    private static func length(_ der: [UInt8], at index: Int) -> (Int, Int)? {
        guard index < der.count else { return nil }
        if der[index] < 0x80 { return (Int(der[index]), index + 1) }
        let count = Int(der[index] & 0x7F)
        guard index + count < der.count else { return nil }
        let value = der[(index + 1)...(index + count)].reduce(0) { $0 << 8 | Int($1) }
        return (value, index + 1 + count)
    }
}

/// The text with its key-algorithm prefix (up to the first colon) upper-cased.
func uppercasedPrefix(_ text: String) -> String {
    guard let colon = text.firstIndex(of: ":") else { return text }
    return text[..<colon].uppercased() + text[colon...]
}
