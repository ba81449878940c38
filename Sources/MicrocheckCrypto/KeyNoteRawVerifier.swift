/// A benchmark hook: one signature check with everything decoded in advance,
/// to measure the "raw" rate against which `KeyNoteSignatures.verify` (text
/// decoding, algorithm identification, message assembly, context pooling
/// included) is compared.
///
/// `verifyOnce()` does only the OpenSSL work every KeyNote verification needs
/// (RFC 2792 sections 4.1 and 4.2): for Ed25519 one `EVP_DigestVerify` over the
/// pre-assembled message with an already initialised context; for RSA and DSA
/// the digest of the pre-assembled message (`EVP_Digest`) and one
/// `EVP_PKEY_verify_recover` / `EVP_PKEY_verify` with an already initialised
/// context. (KeyNote RSA signatures wrap the hash in a bare OCTET STRING, not
/// a DigestInfo, so `EVP_DigestVerify` with SHA-1 cannot check them.)
///
/// Not thread-safe: use one instance per thread.
public final class KeyNoteRawVerifier {
    private let context: VerifyContext
    private let message: [UInt8]
    private let signature: [UInt8]
    private let digest: KeyNoteSignatureAlgorithm.Digest

    /// Decodes `signature` for `key` over `signedText` once.
    ///
    /// - Throws: when the signature has no known algorithm name, the name does
    ///   not match the key's algorithm, or the value does not decode.
    public init(key: KeyNoteKey, signature: String, signedText: some Collection<UInt8>) throws(KeyNoteCryptoError) {
        let (kind, value, message) = try CStringBytes.with(signature) {
            (bytes) throws(KeyNoteCryptoError) -> (KeyNoteSignatureAlgorithm.Kind, [UInt8], [UInt8]) in
            guard let kind = KeyNoteSignatureAlgorithm.identify(bytes: bytes) else {
                throw KeyNoteCryptoError(code: .unsupportedAlgorithm, reason: "the signature has no known algorithm name")
            }
            guard kind.keyAlgorithm == key.algorithm else {
                throw KeyNoteCryptoError(code: .algorithmMismatch, reason: "\(kind.canonicalName) is not for \(key.algorithm.name) keys")
            }
            let value = try KeyNoteSignatures.decodeValue(bytes.droppingFirst(kind.nameLength), kind.encoding)
            let name = UnsafeBufferPointer(rebasing: bytes[..<kind.nameLength])
            return (kind, value, KeyNoteSignatures.signedMessage(signedText, name: name))
        }
        self.signature = value
        self.message = message
        digest = kind.digest
        context = try VerifyContext(key: key.openSSLKey, algorithm: key.algorithm)
    }

    /// One verification; true when the signature is valid.
    public func verifyOnce() -> Bool {
        message.withUnsafeBytes { context.verify(signedText: $0, name: UnsafeRawBufferPointer(start: nil, count: 0),
                                                 signature: signature, digest: digest) }
    }
}
