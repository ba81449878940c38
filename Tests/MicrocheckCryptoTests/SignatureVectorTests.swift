import Testing
@testable import MicrocheckCrypto

@Suite("Signatures against the reference's signing.jsonl")
struct SignatureVectorTests {
    static let rsaCases = Vectors.signingCases.filter { !$0.verifyOnly }
    static let dsaCases = Vectors.signingCases.filter { $0.verifyOnly }

    @Test("signing.jsonl holds 48 RSA and 12 DSA cases")
    func caseCounts() {
        #expect(Self.rsaCases.count == 48)
        #expect(Self.dsaCases.count == 12)
        #expect(Self.dsaCases.allSatisfy { $0.algorithm.hasPrefix("sig-dsa-") })
    }

    @Test("RSA signatures equal the reference's byte for byte", arguments: rsaCases)
    func rsaSignsExactly(vector: Vectors.SigningCase) throws {
        let key = try Vectors.privateKey(vector.keyName)
        let algorithm = try #require(KeyNoteSignatureAlgorithm(name: vector.algorithm + ":"))
        let signature = try KeyNoteSignatures.sign(vector.signedText, algorithm: algorithm, with: key)
        #expect(signature == vector.signature)
    }

    @Test("every reference signature verifies over the signed text", arguments: Vectors.signingCases)
    func referenceSignatureVerifies(vector: Vectors.SigningCase) throws {
        let key = try Vectors.publicKey(String(vector.publicKey.dropLast(".pub".count)))
        #expect(KeyNoteSignatures.verify(signature: vector.signature, by: key, over: vector.signedText))
    }

    @Test("the signed assertion is the unsigned one plus the signature in sign's layout", arguments: Vectors.signingCases)
    func signedLayout(vector: Vectors.SigningCase) {
        let layout = vector.isSingleLine
            ? KeyNoteTextLayout.wrapped(vector.signature, offset: 0, length: 100_000)
            : KeyNoteTextLayout.wrapped(vector.signature)
        #expect(vector.unsigned + layout == vector.signed)
    }

    @Test("DSA: our signatures verify, and differ each time", arguments: dsaCases)
    func dsaRoundTrip(vector: Vectors.SigningCase) throws {
        let key = try Vectors.privateKey(vector.keyName)
        let algorithm = try #require(KeyNoteSignatureAlgorithm(name: vector.algorithm + ":"))
        let first = try KeyNoteSignatures.sign(vector.signedText, algorithm: algorithm, with: key)
        let second = try KeyNoteSignatures.sign(vector.signedText, algorithm: algorithm, with: key)
        #expect(first.hasPrefix(algorithm.name))
        #expect(first != second)
        for signature in [first, second] {
            #expect(KeyNoteSignatures.verify(signature: signature, by: key.publicKey, over: vector.signedText))
        }
        // The value is a DER Dss-Sig-Value: SEQUENCE { r, s }.
        let value = try algorithm.encoding.decode(first.dropFirst(algorithm.prefixLength))
        #expect(DERIntegers.sequence(value)?.count == 2)
    }

    @Test("a changed body does not verify", arguments: Vectors.signingCases)
    func tamperedText(vector: Vectors.SigningCase) throws {
        let key = try Vectors.publicKey(vector.keyName)
        var text = vector.signedText
        text[text.count / 2] ^= 0x01
        #expect(!KeyNoteSignatures.verify(signature: vector.signature, by: key, over: text))
        #expect(!KeyNoteSignatures.verify(signature: vector.signature, by: key, over: vector.signedText.dropLast()))
        #expect(!KeyNoteSignatures.verify(signature: vector.signature, by: key, over: [UInt8]()))
    }

    @Test("another key of the same algorithm does not verify", arguments: Vectors.signingCases)
    func wrongKey(vector: Vectors.SigningCase) throws {
        let other = vector.keyName.hasPrefix("dsa") ? "dsa1024-b64-b" : "rsa1024-b64-g"
        let key = try Vectors.publicKey(other)
        #expect(!KeyNoteSignatures.verify(signature: vector.signature, by: key, over: vector.signedText))
    }

    @Test("a truncated, extended, emptied or altered signature value does not verify", arguments: Vectors.signingCases)
    func damagedSignature(vector: Vectors.SigningCase) throws {
        let key = try Vectors.publicKey(vector.keyName)
        let name = vector.algorithm + ":"
        let value = String(vector.signature.dropFirst(name.count))
        var altered = Array(value.utf8)
        altered[altered.count / 2] = altered[altered.count / 2] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let damaged = [
            name + value.dropLast(4),
            name + value.dropLast(2),
            name + value + (vector.algorithm.hasSuffix("hex") ? "00" : "AAAA"),
            name,
            name + String(decoding: altered, as: UTF8.self),
            vector.signature.replacingOccurrences(of: ":", with: ": "),
        ]
        for signature in damaged {
            #expect(!KeyNoteSignatures.verify(signature: signature, by: key, over: vector.signedText))
        }
    }

    @Test("the label is signed: another spelling or another hash does not verify", arguments: Vectors.signingCases)
    func labelIsSigned(vector: Vectors.SigningCase) throws {
        let key = try Vectors.publicKey(vector.keyName)
        let name = vector.algorithm + ":"
        let value = vector.signature.dropFirst(name.count)
        #expect(!KeyNoteSignatures.verify(signature: name.uppercased() + value, by: key, over: vector.signedText))
        let swapped = name.contains("sha1") ? name.replacingOccurrences(of: "sha1", with: "md5") : name.replacingOccurrences(of: "md5", with: "sha1")
        #expect(!KeyNoteSignatures.verify(signature: swapped + value, by: key, over: vector.signedText))
    }

    @Test("a signature of one algorithm does not verify with a key of another", arguments: Vectors.signingCases)
    func crossAlgorithm(vector: Vectors.SigningCase) throws {
        let other = vector.keyName.hasPrefix("dsa") ? "rsa1024-b64-a" : "dsa1024-b64-a"
        let key = try Vectors.publicKey(other)
        #expect(!KeyNoteSignatures.verify(signature: vector.signature, by: key, over: vector.signedText))
        let relabelled = vector.signature.replacingOccurrences(of: vector.keyName.hasPrefix("dsa") ? "sig-dsa-" : "sig-rsa-", with: vector.keyName.hasPrefix("dsa") ? "sig-rsa-" : "sig-dsa-")
        #expect(!KeyNoteSignatures.verify(signature: relabelled, by: key, over: vector.signedText))
    }

    @Test("an upper-cased label verifies when it was signed that way, as keynote sign allows")
    func upperCaseLabelSigned() throws {
        let vector = try #require(Self.rsaCases.first)
        let key = try Vectors.privateKey(vector.keyName)
        let algorithm = try #require(KeyNoteSignatureAlgorithm(name: vector.algorithm.uppercased() + ":"))
        let signature = try KeyNoteSignatures.sign(vector.signedText, algorithm: algorithm, with: key)
        #expect(signature.hasPrefix(vector.algorithm.uppercased() + ":"))
        #expect(signature != vector.signature)
        #expect(KeyNoteSignatures.verify(signature: signature, by: key.publicKey, over: vector.signedText))
    }

    @Test("signing with an algorithm of another key type throws algorithmMismatch")
    func signMismatch() throws {
        let key = try Vectors.privateKey("rsa1024-b64-a")
        #expect {
            _ = try KeyNoteSignatures.sign(Array("x\n".utf8), algorithm: .dsaSHA1Hex, with: key)
        } throws: { error in
            (error as? KeyNoteCryptoError)?.code == .algorithmMismatch
        }
    }

    @Test("the raw verifier agrees with verify", arguments: Array(Vectors.signingCases.prefix(12)) + dsaCases.prefix(2))
    func rawVerifier(vector: Vectors.SigningCase) throws {
        let key = try Vectors.publicKey(vector.keyName)
        let valid = try KeyNoteRawVerifier(key: key, signature: vector.signature, signedText: vector.signedText)
        #expect(valid.verifyOnce())
        #expect(valid.verifyOnce())
        let tampered = try KeyNoteRawVerifier(key: key, signature: vector.signature, signedText: vector.signedText + [0x20])
        #expect(!tampered.verifyOnce())
    }

    @Test("concurrent verification with one key is safe and correct")
    func concurrentVerification() async throws {
        let vector = try #require(Self.rsaCases.first { $0.keyName == "rsa2048-b64-a" })
        let key = try Vectors.publicKey(vector.keyName)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let text = index % 2 == 0 ? vector.signedText : vector.signedText + [0x0A]
                    return KeyNoteSignatures.verify(signature: vector.signature, by: key, over: text) == (index % 2 == 0)
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }
}
