internal import COpenSSL

/// Signing and verification of KeyNote assertions (RFC 2704 section 4.6.7,
/// RFC 2792 sections 4.1 and 4.2), byte-compatible with the reference implementation
/// (OpenBSD libkeynote).
///
/// What is signed: the assertion text the KeyNote engine computes (from its
/// first non-blank character up to and including the newline before the
/// `Signature` keyword) followed by the signature algorithm name exactly as
/// written in the signature, colon included (e.g. `sig-rsa-sha1-base64:`).
/// Then:
/// - RSA (`sig-rsa-sha1-*`, `sig-rsa-md5-*`): the SHA-1 or MD5 hash, wrapped
///   in a DER OCTET STRING (not a PKCS#1 DigestInfo), signed with PKCS#1 v1.5
///   type 1 padding (the reference's `RSA_sign_ASN1_OCTET_STRING`; this is
///   how it reads RFC 2792 section 4.2's "encoded as an ASN1 OCTET STRING");
///   the value written is the raw RSA output, modulus-length. Deterministic.
/// - DSA (`sig-dsa-sha1-*`): DSA over the SHA-1 hash, the signature a DER
///   `Dss-Sig-Value` SEQUENCE { r, s } (`DSA_sign`); randomized.
/// - Ed25519 (`sig-ed25519-*`, our extension): pure Ed25519 over the message
///   itself, 64 bytes.
public enum KeyNoteSignatures {
    /// Verifies `signature`, the unquoted `Signature` field value (e.g.
    /// `sig-rsa-sha1-base64:F3pM...`), made by `key` over `signedText`.
    ///
    /// Returns false, as the reference does (signature.c
    /// `keynote_sigverify_assertion`, where every failure counts as "not
    /// verified"), when: the signed text is empty; the signature has no known
    /// algorithm name (ASCII case-insensitive prefix); the name's key
    /// algorithm is not the key's; the value does not decode (odd hex, base64
    /// against `KeyNoteBase64` rules, or base64 giving fewer than 2 bytes); an
    /// RSA signature is not exactly the modulus length; or the public-key
    /// check fails. The value is read as a C string (up to a NUL, if any).
    ///
    /// Concurrent calls are safe: each takes a reusable OpenSSL context of the
    /// key's own.
    public static func verify(signature: String, by key: KeyNoteKey, over signedText: some Collection<UInt8>) -> Bool {
        CStringBytes.with(signature) { bytes in verify(signatureBytes: bytes, by: key, over: signedText) }
    }

    /// ``verify(signature:by:over:)`` with the signature given as the bytes of its text.
    public static func verify(signature: [UInt8], by key: KeyNoteKey, over signedText: some Collection<UInt8>) -> Bool {
        signature.withUnsafeBufferPointer { buffer in
            verify(signatureBytes: buffer.beforeNUL, by: key, over: signedText)
        }
    }

    /// ``verify(signature:by:over:)`` with the signature given as the bytes of its text, read in place.
    public static func verify(signature: UnsafeBufferPointer<UInt8>, by key: KeyNoteKey,
                              over signedText: some Collection<UInt8>) -> Bool {
        verify(signatureBytes: signature.beforeNUL, by: key, over: signedText)
    }

    private static func verify(signatureBytes bytes: UnsafeBufferPointer<UInt8>, by key: KeyNoteKey,
                               over signedText: some Collection<UInt8>) -> Bool {
        guard !signedText.isEmpty else { return false }
        guard let kind = KeyNoteSignatureAlgorithm.identify(bytes: bytes),
              kind.keyAlgorithm == key.algorithm,
              let signatureBytes = try? decodeValue(bytes.droppingFirst(kind.nameLength), kind.encoding)
        else { return false }
        let name = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<kind.nameLength]))
        // The signed text and the name are hashed in turn, not joined first.
        func run(_ text: UnsafeRawBufferPointer) -> Bool {
            key.storage.verifyContexts.withContext { context in
                context.verify(signedText: text, name: name, signature: signatureBytes, digest: kind.digest)
            }
        }
        if let valid = signedText.withContiguousStorageIfAvailable({ run(UnsafeRawBufferPointer($0)) }) {
            return valid
        }
        return Array(signedText).withUnsafeBytes(run)
    }

    /// Signs `signedText` and returns the whole signature string,
    /// `algorithm.name` (as spelled) followed by the encoded signature, without
    /// quotes or wrapping (`KeyNoteTextLayout.wrapped` lays it out as
    /// `keynote sign` prints it). RSA signatures equal the reference's byte for
    /// byte; DSA and Ed25519 ones verify with the reference's rules (DSA) or
    /// ours (Ed25519).
    ///
    /// - Throws: `algorithmMismatch` when `algorithm` is not for the key's
    ///   algorithm; `openSSL` when OpenSSL fails.
    public static func sign(
        _ signedText: some Collection<UInt8>,
        algorithm: KeyNoteSignatureAlgorithm,
        with key: KeyNotePrivateKey
    ) throws(KeyNoteCryptoError) -> String {
        guard algorithm.keyAlgorithm == key.algorithm else {
            throw KeyNoteCryptoError(
                code: .algorithmMismatch,
                reason: "\(algorithm.name) needs a \(algorithm.keyAlgorithm.name) key, not \(key.algorithm.name)"
            )
        }
        let message = signedMessage(signedText, name: Array(algorithm.name.utf8))
        let signatureBytes: [UInt8]
        switch algorithm.kind.digest.messageDigest {
        case .some(let digest):
            let hash = try digest.hash(message)
            let input = key.algorithm == .rsa ? OctetString.encode(hash) : hash
            signatureBytes = try signDigest(input, with: key.key, rsaPadding: key.algorithm == .rsa)
        case .none:
            signatureBytes = try signMessage(message, with: key.key)
        }
        return algorithm.name + algorithm.encoding.encode(signatureBytes)
    }

    /// The bytes the signature covers: the signed text, then the algorithm name.
    static func signedMessage(_ signedText: some Collection<UInt8>, name: some Collection<UInt8>) -> [UInt8] {
        var message: [UInt8] = []
        message.reserveCapacity(signedText.count + name.count)
        if signedText.withContiguousStorageIfAvailable({ message.append(contentsOf: $0) }) == nil {
            message.append(contentsOf: signedText)
        }
        message.append(contentsOf: name)
        return message
    }

    /// Decodes a signature value as `keynote_sigverify_assertion` does.
    static func decodeValue(_ text: UnsafeBufferPointer<UInt8>, _ encoding: KeyNoteTextEncoding) throws(KeyNoteCryptoError) -> [UInt8] {
        let bytes = try encoding.decode(bytes: text)
        // The reference treats a base64 value of 0 or 1 bytes as undecodable.
        guard encoding == .hex || bytes.count > 1 else {
            throw KeyNoteCryptoError(code: .invalidEncoding, reason: "base64 signature value shorter than 2 bytes")
        }
        return bytes
    }

    /// `EVP_PKEY_sign` over a precomputed input: for RSA with PKCS#1 v1.5
    /// padding and no digest (the input is the OCTET STRING), for DSA the hash.
    private static func signDigest(_ input: [UInt8], with key: OpenSSLKey, rsaPadding: Bool) throws(KeyNoteCryptoError) -> [UInt8] {
        let context = try OpenSSLKeyContext(for: key)
        try context.check(EVP_PKEY_sign_init(context.pointer), "EVP_PKEY_sign_init")
        if rsaPadding {
            try context.check(EVP_PKEY_CTX_set_rsa_padding(context.pointer, RSA_PKCS1_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
        }
        var length = 0
        try context.check(EVP_PKEY_sign(context.pointer, nil, &length, input, input.count), "EVP_PKEY_sign (length)")
        var signature = [UInt8](repeating: 0, count: length)
        try context.check(EVP_PKEY_sign(context.pointer, &signature, &length, input, input.count), "EVP_PKEY_sign")
        guard length <= signature.count else {
            throw KeyNoteCryptoError(code: .openSSL, reason: "EVP_PKEY_sign reported an impossible length")
        }
        return Array(signature.prefix(length))
    }

    /// `EVP_DigestSign` of the whole message (pure Ed25519).
    private static func signMessage(_ message: [UInt8], with key: OpenSSLKey) throws(KeyNoteCryptoError) -> [UInt8] {
        let context = try OpenSSLDigestContext()
        guard EVP_DigestSignInit_ex(context.pointer, nil, nil, nil, nil, key.pointer, nil) == 1 else {
            throw .openSSL(.openSSL, "EVP_DigestSignInit_ex failed")
        }
        var signature = [UInt8](repeating: 0, count: ed25519SignatureLength)
        var length = signature.count
        guard EVP_DigestSign(context.pointer, &signature, &length, message, message.count) == 1,
              length == ed25519SignatureLength
        else {
            throw .openSSL(.openSSL, "EVP_DigestSign failed")
        }
        return signature
    }
}

extension OctetString {
    /// The DER OCTET STRING holding `content` (shorter than 128 bytes: a hash).
    static func encode(_ content: [UInt8]) -> [UInt8] {
        [0x04, UInt8(truncatingIfNeeded: content.count)] + content
    }
}
