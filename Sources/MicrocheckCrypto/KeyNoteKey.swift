internal import COpenSSL

/// A public key principal decoded from its text (RFC 2704 section 4.5.2,
/// RFC 2792 section 3): `rsa-base64:MIGJ...`, `dsa-hex:3082...`, or our
/// extension `ed25519-hex:...` / `ed25519-base64:...`.
///
/// Equality and hashing compare the algorithm and the key material (RSA n, e;
/// DSA p, q, g, y; the 32 Ed25519 bytes), not the text: the same key written
/// in hex and in base64, or with a prefix in another letter case, is equal,
/// as the reference compares decoded keys (RFC 2704 section 5.2, RFC 2792
/// section 2). The material is kept as canonical DER (PKCS#1 `RSAPublicKey`,
/// OpenSSL `DSAPublicKey` SEQUENCE { y, p, q, g }) or the raw Ed25519 bytes,
/// so equal material means equal keys. (RFC 2792 section 3.2 lists the RSA exponent
/// before the modulus; the reference, and so this type, writes and reads
/// PKCS#1 order: modulus, then exponent.)
public struct KeyNoteKey: Sendable, Hashable, CustomStringConvertible {
    let storage: Storage

    /// The key's algorithm.
    public var algorithm: KeyAlgorithm { storage.algorithm }

    /// The canonical key bytes: DER for RSA and DSA, raw for Ed25519.
    var material: [UInt8] { storage.material }

    /// The OpenSSL key.
    var openSSLKey: OpenSSLKey { storage.key }

    /// Builds a key from canonical material.
    init(algorithm: KeyAlgorithm, material: [UInt8]) throws(KeyNoteCryptoError) {
        let key: OpenSSLKey
        switch algorithm {
        case .rsa, .dsa: key = try OpenSSLKey.publicKey(der: material, algorithm: algorithm)
        case .ed25519: key = try OpenSSLKey.ed25519PublicKey(raw: material)
        }
        storage = Storage(algorithm: algorithm, material: material, key: key)
    }

    /// Wraps an already decoded RSA or DSA public key.
    init(decoded key: OpenSSLKey, algorithm: KeyAlgorithm) throws(KeyNoteCryptoError) {
        storage = try Storage(algorithm: algorithm, material: key.publicDER(), key: key)
    }

    /// Decodes a principal's text (its unquoted value).
    ///
    /// Follows the reference (signature.c `keynote_get_key_algorithm`,
    /// `kn_decode_key`):
    /// - The text is read as a C string (up to a NUL, if any).
    /// - Recognised prefixes, matched ASCII case-insensitively: `dsa-hex:`,
    ///   `dsa-base64:`, `rsa-hex:`, `rsa-base64:`, `x509-base64:`, `x509-hex:`,
    ///   `binary-hex:`, `binary-base64:`, and our `ed25519-hex:`,
    ///   `ed25519-base64:`. Any other text is an opaque principal: nil (such
    ///   principals compare as case-sensitive strings, RFC 2704 section 5.2).
    /// - The rest is decoded with `KeyNoteHex` / `KeyNoteBase64` rules, then as
    ///   PKCS#1 `RSAPublicKey` DER, OpenSSL `DSAPublicKey` DER (SEQUENCE { y, p,
    ///   q, g }), 32 raw Ed25519 bytes, or for `x509-*` a DER X.509 certificate
    ///   whose RSA public key becomes the principal (an `.rsa` key, equal to
    ///   the same key written as `rsa-*`, as the reference compares X.509 and
    ///   RSA principals by n and e). As in the reference's d2i calls, bytes
    ///   after the first DER element are ignored.
    /// - `binary-*` principals throw `unsupportedAlgorithm`: the reference's
    ///   decoder accepts them but reports a status its key lists (action
    ///   authorizers, Licensees) treat as an error.
    ///
    /// Decoded keys are cached by text (`KeyNoteKeyCache`).
    ///
    /// - Returns: nil when the text has no recognised key prefix.
    /// - Throws: when it has one but does not decode.
    public static func parse(_ text: String) throws(KeyNoteCryptoError) -> KeyNoteKey? {
        try parse(utf8: Array(text.utf8))
    }

    /// Decodes a principal from the bytes of its text; see ``parse(_:)``.
    public static func parse(utf8 text: [UInt8]) throws(KeyNoteCryptoError) -> KeyNoteKey? {
        try text.withUnsafeBufferPointer { (buffer) throws(KeyNoteCryptoError) in try parse(utf8: buffer) }
    }

    /// Decodes a principal from the bytes of its text, read in place; see ``parse(_:)``.
    public static func parse(utf8 text: UnsafeBufferPointer<UInt8>) throws(KeyNoteCryptoError) -> KeyNoteKey? {
        if let cached = KeyNoteKeyCache.lookup(text) {
            return cached
        }
        let bytes = text.beforeNUL
        guard let (prefix, payload) = KeyPrefix.match(bytes) else { return nil }
        let decoded = try decode(prefix, prefix.encoding.decode(bytes: payload))
        KeyNoteKeyCache.insert(decoded, for: text)
        return decoded
    }

    /// The key from the decoded bytes after a recognised prefix.
    private static func decode(_ prefix: KeyPrefix, _ bytes: [UInt8]) throws(KeyNoteCryptoError) -> KeyNoteKey {
        switch prefix.kind {
        case .key(.ed25519):
            return try KeyNoteKey(algorithm: .ed25519, material: bytes)
        case .key(let algorithm):
            return try KeyNoteKey(decoded: OpenSSLKey.publicKey(der: bytes, algorithm: algorithm), algorithm: algorithm)
        case .x509:
            return try KeyNoteKey(algorithm: .rsa, material: rsaKeyDER(ofCertificate: bytes))
        case .binary:
            throw KeyNoteCryptoError(
                code: .unsupportedAlgorithm,
                reason: "\(prefix.text) principals are not usable as keys (the reference rejects them too)"
            )
        }
    }

    /// The principal text as keygen writes it, without quotes or wrapping:
    /// the lowercase prefix (e.g. `rsa-base64:`) then the encoded material
    /// (RFC 2792 section 3).
    public func encoded(_ encoding: KeyNoteTextEncoding) -> String {
        encoding == .base64 ? storage.base64Text : KeyPrefix.text(for: algorithm, encoding) + encoding.encode(material)
    }

    /// A short, stable identifier for display and logs: the first 16 bytes of
    /// SHA-256 over the canonical key bytes (the DER that `encoded` writes for
    /// RSA and DSA, the 32 raw bytes for Ed25519), as 32 lowercase hex digits.
    /// Not a KeyNote notion; do not use it to compare principals.
    public var fingerprint: String { storage.fingerprint }

    /// `algorithm:fingerprint`, e.g. `rsa:3f2a...`.
    public var description: String {
        "\(algorithm.name):\(fingerprint)"
    }

    /// Same algorithm and key material.
    public static func == (lhs: KeyNoteKey, rhs: KeyNoteKey) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.algorithm == rhs.algorithm && lhs.storage.materialHash == rhs.storage.materialHash
                && lhs.material.hasSameBytes(as: rhs.material))
    }

    /// Hashes the algorithm and the key material.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(algorithm)
        hasher.combine(storage.materialHash)
    }

    /// The RSA public key (PKCS#1 DER) of a DER X.509 certificate.
    private static func rsaKeyDER(ofCertificate der: [UInt8]) throws(KeyNoteCryptoError) -> [UInt8] {
        let certificate = try OpenSSLCertificate(der: der)
        guard let key = X509_get0_pubkey(certificate.pointer) else {
            throw .openSSL(.invalidKey, "the certificate's public key does not decode")
        }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            throw KeyNoteCryptoError(code: .unsupportedAlgorithm, reason: "x509 principals must hold an RSA key")
        }
        let length = i2d_PublicKey(key, nil)
        guard length > 0 else {
            throw .openSSL(.openSSL, "cannot DER-encode the certificate's RSA key")
        }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_PublicKey(key, &cursor)
        }
        guard written == length else {
            throw .openSSL(.openSSL, "cannot DER-encode the certificate's RSA key")
        }
        return bytes
    }
}

extension KeyNoteKey {
    /// The shared, immutable part of a key, plus a pool of verification
    /// contexts so that concurrent verifications each get their own.
    final class Storage: Sendable {
        let algorithm: KeyAlgorithm
        let material: [UInt8]
        /// The hash of `material`, computed once: principals are hashed on
        /// every query and RSA material is hundreds of bytes.
        let materialHash: Int
        let key: OpenSSLKey
        let verifyContexts: VerifyContextPool
        /// The base64 principal text and the fingerprint, computed once:
        /// clearing writes both for every microcheck.
        let base64Text: String
        let fingerprint: String

        init(algorithm: KeyAlgorithm, material: [UInt8], key: OpenSSLKey) {
            self.algorithm = algorithm
            self.material = material
            base64Text = KeyPrefix.text(for: algorithm, .base64) + KeyNoteTextEncoding.base64.encode(material)
            fingerprint = KeyNoteHex.encode(((try? MessageDigest.sha256.hash(material)) ?? []).prefix(16))
            self.materialHash = material.withUnsafeBytes { bytes in
                var hasher = Hasher()
                hasher.combine(bytes: bytes)
                return hasher.finalize()
            }
            self.key = key
            verifyContexts = VerifyContextPool(key: key, algorithm: algorithm)
        }
    }
}

/// Owns one OpenSSL `X509` and frees it on deinit.
final class OpenSSLCertificate {
    let pointer: OpaquePointer

    /// Decodes a DER certificate (`d2i_X509`).
    init(der: [UInt8]) throws(KeyNoteCryptoError) {
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let decoded else {
            throw .openSSL(.invalidKey, "x509 principal is not a DER certificate")
        }
        pointer = decoded
    }

    deinit {
        X509_free(pointer)
    }
}
