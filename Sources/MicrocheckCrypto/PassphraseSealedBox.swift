internal import COpenSSL

/// Secrets at rest under a passphrase, for private-key files: AES-256-GCM
/// with a key derived by PBKDF2-HMAC-SHA256 from the passphrase and a random
/// 16-byte salt. The result is one line of text:
///
/// ```
/// microcheck-sealed/1 pbkdf2-sha256 <iterations> <salt> <nonce> <ciphertext+tag>
/// ```
///
/// salt, nonce (12 bytes) and ciphertext with its 16-byte tag in base64. The
/// header up to and including the salt is authenticated as additional data,
/// so neither the iteration count nor the salt can be changed unnoticed.
/// A wrong passphrase and an altered file fail the same way
/// (``SealedBoxError/Code-swift.struct/authenticationFailed``): GCM cannot
/// tell them apart, and neither may we.
public enum PassphraseSealedBox {
    /// The first word of a sealed text.
    public static let format = "microcheck-sealed/1"
    /// The key derivation named in a sealed text.
    public static let derivation = "pbkdf2-sha256"
    /// The iteration count used when sealing (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
    public static let defaultIterations = 600_000
    /// The iteration counts accepted when opening: not weaker than this
    /// floor, and not so high that a crafted file stalls the reader.
    public static let acceptedIterations = 100_000...10_000_000
    /// The most plaintext bytes sealed or opened.
    public static let maximumPlaintext = 64 * 1024

    private static let saltLength = 16
    private static let nonceLength = 12
    private static let tagLength = 16
    private static let keyLength = 32

    /// Whether `text` looks like a sealed box (its first word is ``format``).
    public static func isSealed(_ text: some StringProtocol) -> Bool {
        text.hasPrefix(format + " ")
    }

    /// Seals `plaintext` under `passphrase`.
    ///
    /// - Throws: ``SealedBoxError`` for an empty passphrase, a plaintext above
    ///   ``maximumPlaintext``, an iteration count outside
    ///   ``acceptedIterations``, or a failure inside OpenSSL.
    public static func seal(_ plaintext: [UInt8], passphrase: [UInt8],
                            iterations: Int = defaultIterations) throws(SealedBoxError) -> String {
        guard !passphrase.isEmpty else { throw SealedBoxError(.weakParameters, "the passphrase is empty") }
        guard plaintext.count <= maximumPlaintext else {
            throw SealedBoxError(.malformed, "\(plaintext.count) bytes to seal, at most \(maximumPlaintext)")
        }
        guard acceptedIterations.contains(iterations) else {
            throw SealedBoxError(.weakParameters, "\(iterations) PBKDF2 iterations, accepted \(acceptedIterations)")
        }
        let salt: [UInt8]
        let nonce: [UInt8]
        do {
            salt = try SecureRandom.bytes(saltLength)
            nonce = try SecureRandom.bytes(nonceLength)
        } catch {
            throw SealedBoxError(.openSSL, "no random bytes: \(error.reason)")
        }
        let header = "\(format) \(derivation) \(iterations) \(KeyNoteBase64.encode(salt))"
        var key = try deriveKey(passphrase: passphrase, salt: salt, iterations: iterations)
        defer { KeyNoteSecrets.wipe(&key) }
        let sealed = try GCMCipher.encrypt(plaintext, key: key, nonce: nonce, additional: Array(header.utf8), tagLength: tagLength)
        return "\(header) \(KeyNoteBase64.encode(nonce)) \(KeyNoteBase64.encode(sealed))"
    }

    /// Opens a sealed text with `passphrase`.
    ///
    /// - Returns: the plaintext; wipe it (``KeyNoteSecrets/wipe(_:)``) when done.
    /// - Throws: ``SealedBoxError`` with code `malformed` when the text is not
    ///   a sealed box (saying which field), `weakParameters` for an iteration
    ///   count outside ``acceptedIterations``, `authenticationFailed` for a
    ///   wrong passphrase or an altered text.
    public static func open(_ text: String, passphrase: [UInt8]) throws(SealedBoxError) -> [UInt8] {
        let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
        guard line.utf8.count <= maximumPlaintext * 2 else {
            throw SealedBoxError(.malformed, "the sealed text has \(line.utf8.count) bytes, at most \(maximumPlaintext * 2)")
        }
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == format else {
            throw SealedBoxError(.malformed, "expected \"\(format) \(derivation) <iterations> <salt> <nonce> <ciphertext>\"")
        }
        guard fields[1] == derivation else {
            throw SealedBoxError(.malformed, "field 2: unknown key derivation \"\(fields[1].prefix(32))\"")
        }
        guard let iterations = Int(fields[2]) else {
            throw SealedBoxError(.malformed, "field 3: \"\(fields[2].prefix(16))\" is not an iteration count")
        }
        guard acceptedIterations.contains(iterations) else {
            throw SealedBoxError(.weakParameters, "field 3: \(iterations) PBKDF2 iterations, accepted \(acceptedIterations)")
        }
        let salt = try decode(fields[3], field: 4, name: "salt")
        let nonce = try decode(fields[4], field: 5, name: "nonce")
        let sealed = try decode(fields[5], field: 6, name: "ciphertext")
        guard salt.count == saltLength, nonce.count == nonceLength, sealed.count >= tagLength else {
            throw SealedBoxError(.malformed, "salt, nonce or ciphertext has the wrong length")
        }
        guard !passphrase.isEmpty else { throw SealedBoxError(.authenticationFailed, "the passphrase is empty") }
        let header = fields[0...3].joined(separator: " ")
        var key = try deriveKey(passphrase: passphrase, salt: salt, iterations: iterations)
        defer { KeyNoteSecrets.wipe(&key) }
        return try GCMCipher.decrypt(sealed, key: key, nonce: nonce, additional: Array(header.utf8), tagLength: tagLength)
    }

    private static func decode(_ text: Substring, field: Int, name: String) throws(SealedBoxError) -> [UInt8] {
        do {
            return try KeyNoteBase64.decode(text)
        } catch {
            throw SealedBoxError(.malformed, "field \(field): the \(name) is not base64")
        }
    }

    private static func deriveKey(passphrase: [UInt8], salt: [UInt8], iterations: Int) throws(SealedBoxError) -> [UInt8] {
        guard let passphraseLength = Int32(exactly: passphrase.count), let rounds = Int32(exactly: iterations) else {
            throw SealedBoxError(.weakParameters, "the passphrase or the iteration count is too large")
        }
        var key = [UInt8](repeating: 0, count: keyLength)
        let result = passphrase.withUnsafeBytes { pass in
            salt.withUnsafeBufferPointer { saltBytes in
                key.withUnsafeMutableBufferPointer { output in
                    PKCS5_PBKDF2_HMAC(pass.baseAddress?.assumingMemoryBound(to: CChar.self), passphraseLength,
                                      saltBytes.baseAddress, Int32(saltBytes.count), rounds, EVP_sha256(),
                                      Int32(output.count), output.baseAddress)
                }
            }
        }
        guard result == 1 else {
            throw SealedBoxError(.openSSL, "PBKDF2 failed (OpenSSL: \(OpenSSLErrorQueue.drain()))")
        }
        return key
    }
}
