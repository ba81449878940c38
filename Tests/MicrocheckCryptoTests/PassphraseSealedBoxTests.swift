import MicrocheckCrypto
import Testing

@Suite("Secrets sealed under a passphrase (PBKDF2-HMAC-SHA256, AES-256-GCM)")
struct PassphraseSealedBoxTests {
    static let passphrase = Array("correct horse battery staple".utf8)
    static let fewestIterations = PassphraseSealedBox.acceptedIterations.lowerBound

    @Test("a box sealed by Python's hashlib.pbkdf2_hmac and cryptography's AESGCM opens to its plaintext")
    func knownAnswer() throws {
        // Salt 00..0f, nonce 64..6f, 100,000 iterations, the header as additional data.
        let sealed = "microcheck-sealed/1 pbkdf2-sha256 100000 AAECAwQFBgcICQoLDA0ODw== ZGVmZ2hpamtsbW5v "
            + "ms/4/tWbruKczP+vqqLzDkz6oHAkFnpu6RRc/SA8iZ/nZjv8jZ7F5sMApmqV9FhyAXQQ"
        #expect(try PassphraseSealedBox.open(sealed, passphrase: Self.passphrase) == Array("private-ed25519-base64:known-answer".utf8))
    }

    @Test("sealing twice gives different texts that both open")
    func roundTrip() throws {
        let secret = Array("private-ed25519-base64:secret".utf8)
        let first = try PassphraseSealedBox.seal(secret, passphrase: Self.passphrase, iterations: Self.fewestIterations)
        let second = try PassphraseSealedBox.seal(secret, passphrase: Self.passphrase, iterations: Self.fewestIterations)
        #expect(first != second)
        #expect(PassphraseSealedBox.isSealed(first))
        #expect(try PassphraseSealedBox.open(first, passphrase: Self.passphrase) == secret)
        #expect(try PassphraseSealedBox.open(second + "\n", passphrase: Self.passphrase) == secret)
    }

    @Test("a wrong passphrase and an altered ciphertext fail the same way")
    func wrongPassphraseAndTampering() throws {
        let sealed = try PassphraseSealedBox.seal(Array("secret".utf8), passphrase: Self.passphrase, iterations: Self.fewestIterations)
        let wrong = #expect(throws: SealedBoxError.self) { try PassphraseSealedBox.open(sealed, passphrase: Array("other".utf8)) }
        #expect(wrong?.code == .authenticationFailed)
        var fields = sealed.split(separator: " ").map(String.init)
        var ciphertext = Array(fields[5].utf8)
        ciphertext[0] = ciphertext[0] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        fields[5] = String(decoding: ciphertext, as: UTF8.self)
        let altered = #expect(throws: SealedBoxError.self) {
            try PassphraseSealedBox.open(fields.joined(separator: " "), passphrase: Self.passphrase)
        }
        #expect(altered?.code == .authenticationFailed)
    }

    @Test("the header is authenticated: another iteration count or salt does not open", arguments: [2, 3])
    func headerIsAuthenticated(field: Int) throws {
        let sealed = try PassphraseSealedBox.seal(Array("secret".utf8), passphrase: Self.passphrase, iterations: Self.fewestIterations)
        var fields = sealed.split(separator: " ").map(String.init)
        fields[field] = field == 2 ? String(Self.fewestIterations + 1) : "AAECAwQFBgcICQoLDA0ODw=="
        let error = #expect(throws: SealedBoxError.self) { try PassphraseSealedBox.open(fields.joined(separator: " "), passphrase: Self.passphrase) }
        #expect(error?.code == .authenticationFailed)
    }

    @Test("malformed texts and weak parameters are named", arguments: [
        "not sealed at all",
        "microcheck-sealed/1 scrypt 100000 AAAA AAAA AAAA",
        "microcheck-sealed/1 pbkdf2-sha256 1000 AAECAwQFBgcICQoLDA0ODw== ZGVmZ2hpamtsbW5v AAAAAAAAAAAAAAAAAAAAAA==",
        "microcheck-sealed/1 pbkdf2-sha256 100000 !!!! ZGVmZ2hpamtsbW5v AAAAAAAAAAAAAAAAAAAAAA==",
        "microcheck-sealed/1 pbkdf2-sha256 100000 AAAA ZGVmZ2hpamtsbW5v AAAAAAAAAAAAAAAAAAAAAA==",
    ])
    func malformed(text: String) throws {
        let error = #expect(throws: SealedBoxError.self) { try PassphraseSealedBox.open(text, passphrase: Self.passphrase) }
        #expect(error?.code == .malformed || error?.code == .weakParameters)
    }

    @Test("an empty passphrase and a weak iteration count are refused when sealing")
    func weakSealing() {
        #expect(throws: SealedBoxError.self) { try PassphraseSealedBox.seal([1], passphrase: [], iterations: Self.fewestIterations) }
        #expect(throws: SealedBoxError.self) { try PassphraseSealedBox.seal([1], passphrase: Self.passphrase, iterations: 1000) }
    }
}
