import Testing
@testable import MicrocheckCrypto

@Suite("Key generation, Ed25519 extension, key cache")
struct GenerationAndEd25519Tests {
    static let message = Array("KeyNote-Version: 2\nAuthorizer: \"POLICY\"\nLicensees: \"alice\"\n".utf8)

    @Test("generate, encode, parse round trips", arguments: [(KeyAlgorithm.rsa, 1024), (.dsa, 1024), (.ed25519, 0), (.rsa, 512), (.dsa, 512)])
    func generateRoundTrip(algorithm: KeyAlgorithm, bits: Int) throws {
        let key = try KeyNotePrivateKey.generate(algorithm, bits: bits)
        #expect(key.algorithm == algorithm)
        for encoding in KeyNoteTextEncoding.allCases {
            let privateText = key.encoded(encoding)
            #expect(privateText.hasPrefix("private-\(algorithm.name)-\(encoding.name):"))
            let reparsed = try KeyNotePrivateKey.parse(privateText)
            #expect(reparsed.encoded(encoding) == privateText)
            #expect(reparsed.publicKey == key.publicKey)
            let publicText = key.publicKey.encoded(encoding)
            #expect(publicText.hasPrefix("\(algorithm.name)-\(encoding.name):"))
            #expect(try KeyNoteKey.parse(publicText) == key.publicKey)
        }
        let signature = try KeyNoteSignatures.sign(Self.message, algorithm: .default(for: algorithm, encoding: .base64), with: key)
        #expect(KeyNoteSignatures.verify(signature: signature, by: key.publicKey, over: Self.message))
    }

    @Test("generated RSA-1024 and DSA-1024 have the reference's shapes")
    func generatedShapes() throws {
        let rsa = try KeyNotePrivateKey.generate(.rsa, bits: 1024)
        let rsaIntegers = try #require(DERIntegers.sequence(KeyNoteHex.decode(rsa.publicKey.encoded(.hex).dropFirst("rsa-hex:".count))))
        #expect(rsaIntegers.count == 2)
        #expect(rsaIntegers[0].drop { $0 == 0 }.count == 128)  // 1024-bit modulus
        #expect(rsaIntegers[1] == [0x01, 0x00, 0x01])  // e = 65537
        let dsa = try KeyNotePrivateKey.generate(.dsa, bits: 1024)
        let dsaIntegers = try #require(DERIntegers.sequence(KeyNoteHex.decode(dsa.publicKey.encoded(.hex).dropFirst("dsa-hex:".count))))
        #expect(dsaIntegers.count == 4)
        #expect(dsaIntegers[1].drop { $0 == 0 }.count == 128)  // 1024-bit p
        #expect(dsaIntegers[2].drop { $0 == 0 }.count == 20)  // 160-bit q
    }

    @Test("sizes outside the accepted ranges are refused", arguments: [
        (KeyAlgorithm.rsa, 256), (.rsa, 16385), (.dsa, 511), (.dsa, 4096), (.rsa, -1),
    ])
    func badSizes(algorithm: KeyAlgorithm, bits: Int) {
        #expect {
            _ = try KeyNotePrivateKey.generate(algorithm, bits: bits)
        } throws: { error in
            (error as? KeyNoteCryptoError)?.code == .invalidKeySize
        }
    }

    @Test("Ed25519: 64-byte signatures over text plus label, both encodings")
    func ed25519Signatures() throws {
        let key = try KeyNotePrivateKey.generate(.ed25519, bits: 0)
        let other = try KeyNotePrivateKey.generate(.ed25519, bits: 0)
        #expect(key.publicKey != other.publicKey)
        for algorithm in [KeyNoteSignatureAlgorithm.ed25519Hex, .ed25519Base64] {
            let signature = try KeyNoteSignatures.sign(Self.message, algorithm: algorithm, with: key)
            let value = try algorithm.encoding.decode(signature.dropFirst(algorithm.prefixLength))
            #expect(value.count == 64)
            // Pure Ed25519 is deterministic (RFC 8032 section 5.1.6).
            #expect(try KeyNoteSignatures.sign(Self.message, algorithm: algorithm, with: key) == signature)
            #expect(KeyNoteSignatures.verify(signature: signature, by: key.publicKey, over: Self.message))
            #expect(!KeyNoteSignatures.verify(signature: signature, by: other.publicKey, over: Self.message))
            #expect(!KeyNoteSignatures.verify(signature: signature, by: key.publicKey, over: Self.message + [0x0A]))
            #expect(!KeyNoteSignatures.verify(signature: String(signature.dropLast(4)), by: key.publicKey, over: Self.message))
            #expect(!KeyNoteSignatures.verify(signature: uppercasedPrefix(signature), by: key.publicKey, over: Self.message))
        }
    }

    @Test("Ed25519 keys: raw 32-byte key and seed, hex and base64 forms equal")
    func ed25519Keys() throws {
        let key = try KeyNotePrivateKey.generate(.ed25519, bits: 0)
        let publicHex = key.publicKey.encoded(.hex)
        #expect(publicHex.count == "ed25519-hex:".count + 64)
        #expect(key.encoded(.hex).count == "private-ed25519-hex:".count + 64)
        #expect(try KeyNoteKey.parse(uppercasedPrefix(key.publicKey.encoded(.base64))) == key.publicKey)
        #expect(try KeyNoteKey.parse(publicHex.uppercased()) == key.publicKey)
        #expect(key.publicKey.algorithm == .ed25519)
    }

    @Test("Ed25519 known answer: RFC 8032 test 1 key, signature made independently with openssl pkeyutl -rawin")
    func ed25519KnownAnswer() throws {
        let seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
        let key = try KeyNotePrivateKey.parse("private-ed25519-hex:" + seed)
        #expect(key.publicKey.encoded(.hex) == "ed25519-hex:d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let text = Array("Authorizer: \"POLICY\"\nLicensees: \"alice\"\n".utf8)
        let expected = "sig-ed25519-hex:e5e63100ad148a2a038a98646ed930e2c549927fc6f562611df5ace49de50eb6"
            + "2c283a6c2bf04c0d79e05e80c8ed9680d1c33ed1cf34d04aea97ce0692964c04"
        #expect(try KeyNoteSignatures.sign(text, algorithm: .ed25519Hex, with: key) == expected)
        #expect(KeyNoteSignatures.verify(signature: expected, by: key.publicKey, over: text))
        #expect(try KeyNoteRawVerifier(key: key.publicKey, signature: expected, signedText: text).verifyOnce())
    }

    @Test("generational cache keeps at most its capacity and refreshes hits")
    func generationalCache() {
        var cache = GenerationalCache<Int, Int>(capacity: 4)
        for index in 0..<4 { cache.insert(index * 10, for: index) }
        #expect(cache.count == 4)
        #expect(cache.value(for: 0) == 0)  // refreshed into the newer generation
        cache.insert(40, for: 4)
        #expect(cache.count <= 4)
        #expect(cache.value(for: 0) == 0)
        #expect(cache.value(for: 4) == 40)
        #expect(cache.value(for: 1) == nil)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test("the process-wide key cache: filled by parse when on, skipped when off, emptied by removeAll")
    func processCache() throws {
        let key = try Vectors.publicKey("rsa1024-b64-d")
        // A spelling no other test parses.
        let text = "Rsa-Hex:" + key.encoded(.hex).dropFirst("rsa-hex:".count)
        KeyNoteKeyCache.isEnabled = false
        #expect(try KeyNoteKey.parse(text) == key)
        KeyNoteKeyCache.isEnabled = true
        #expect(Array(text.utf8).withUnsafeBufferPointer { KeyNoteKeyCache.lookup($0) } == nil)
        #expect(try KeyNoteKey.parse(text) == key)
        #expect(Array(text.utf8).withUnsafeBufferPointer { KeyNoteKeyCache.lookup($0) } == key)
        #expect(KeyNoteKeyCache.count <= KeyNoteKeyCache.capacity)
        KeyNoteKeyCache.removeAll()
        #expect(Array(text.utf8).withUnsafeBufferPointer { KeyNoteKeyCache.lookup($0) } == nil)
    }
}
