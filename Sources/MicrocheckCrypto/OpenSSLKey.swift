internal import COpenSSL

/// Owns one OpenSSL `EVP_PKEY` and frees it on deinit.
///
/// An `EVP_PKEY` is safe to use from several threads at once for signing and
/// verification once it is built (OpenSSL 3 "threads" documentation), so this
/// wrapper is `Sendable`; nothing mutates the key after `init`.
final class OpenSSLKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// The largest signature the key makes, in bytes (`EVP_PKEY_get_size`);
    /// for RSA, the modulus length.
    var maximumSignatureSize: Int {
        Int(EVP_PKEY_get_size(pointer))
    }

    /// Decodes a public key: PKCS#1 `RSAPublicKey` or OpenSSL's
    /// `DSAPublicKey` (SEQUENCE { y, p, q, g }) DER, exactly as the reference's
    /// `d2i_RSAPublicKey` / `d2i_DSAPublicKey` read it (bytes after the first
    /// DER element are ignored, as there).
    static func publicKey(der: [UInt8], algorithm: KeyAlgorithm) throws(KeyNoteCryptoError) -> OpenSSLKey {
        let type = try evpType(algorithm)
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PublicKey(type, nil, &cursor, buffer.count)
        }
        guard let decoded else {
            throw .openSSL(.invalidKey, "\(algorithm.name) public key DER does not decode")
        }
        return OpenSSLKey(taking: decoded)
    }

    /// Decodes a private key: PKCS#1 `RSAPrivateKey` or OpenSSL's
    /// `DSAPrivateKey` (SEQUENCE { 0, p, q, g, y, x }) DER, as keygen writes
    /// them (`d2i_PrivateKey` also takes a PKCS#8 `PrivateKeyInfo`, which the
    /// reference's `d2i_RSAPrivateKey` / `d2i_DSAPrivateKey` would not).
    static func privateKey(der: [UInt8], algorithm: KeyAlgorithm) throws(KeyNoteCryptoError) -> OpenSSLKey {
        let type = try evpType(algorithm)
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PrivateKey(type, nil, &cursor, buffer.count)
        }
        guard let decoded else {
            throw .openSSL(.invalidKey, "\(algorithm.name) private key DER does not decode")
        }
        return OpenSSLKey(taking: decoded)
    }

    /// An Ed25519 public key from its 32 raw bytes (RFC 8032 section 5.1.5).
    static func ed25519PublicKey(raw: [UInt8]) throws(KeyNoteCryptoError) -> OpenSSLKey {
        guard raw.count == ed25519KeyLength else {
            throw KeyNoteCryptoError(code: .invalidKey, reason: "an Ed25519 public key has 32 bytes, not \(raw.count)")
        }
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, raw.count) else {
            throw .openSSL(.invalidKey, "Ed25519 public key is not accepted")
        }
        return OpenSSLKey(taking: key)
    }

    /// An Ed25519 private key from its 32-byte seed (RFC 8032 section 5.1.5).
    static func ed25519PrivateKey(seed: [UInt8]) throws(KeyNoteCryptoError) -> OpenSSLKey {
        guard seed.count == ed25519KeyLength else {
            throw KeyNoteCryptoError(code: .invalidKey, reason: "an Ed25519 private key seed has 32 bytes, not \(seed.count)")
        }
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            throw .openSSL(.invalidKey, "Ed25519 private key is not accepted")
        }
        return OpenSSLKey(taking: key)
    }

    /// The public half as DER (`i2d_PublicKey`: `RSAPublicKey` or
    /// `DSAPublicKey` with parameters), as keygen writes public keys.
    func publicDER() throws(KeyNoteCryptoError) -> [UInt8] {
        try encode("public key") { i2d_PublicKey(pointer, $0) }
    }

    /// The private key as DER (`i2d_PrivateKey`: `RSAPrivateKey` or
    /// `DSAPrivateKey`), as keygen writes private keys. The caller owns the
    /// secret bytes and should wipe them.
    func privateDER() throws(KeyNoteCryptoError) -> [UInt8] {
        try encode("private key") { i2d_PrivateKey(pointer, $0) }
    }

    /// The raw 32-byte public key of an Ed25519 key.
    func rawPublicKey() throws(KeyNoteCryptoError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: ed25519KeyLength)
        var length = bytes.count
        guard EVP_PKEY_get_raw_public_key(pointer, &bytes, &length) == 1, length == ed25519KeyLength else {
            throw .openSSL(.openSSL, "cannot read the raw Ed25519 public key")
        }
        return bytes
    }

    /// The raw 32-byte seed of an Ed25519 private key; the caller wipes it.
    func rawPrivateKey() throws(KeyNoteCryptoError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: ed25519KeyLength)
        var length = bytes.count
        guard EVP_PKEY_get_raw_private_key(pointer, &bytes, &length) == 1, length == ed25519KeyLength else {
            Secrets.wipe(&bytes)
            throw .openSSL(.openSSL, "cannot read the raw Ed25519 private key")
        }
        return bytes
    }

    /// Runs an `i2d_*`-style encoder twice: once for the length, once into a
    /// buffer of that length.
    private func encode(
        _ what: String,
        _ i2d: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32
    ) throws(KeyNoteCryptoError) -> [UInt8] {
        let length = Int(i2d(nil))
        guard length > 0 else {
            throw .openSSL(.openSSL, "cannot DER-encode the \(what)")
        }
        var bytes = [UInt8](repeating: 0, count: length)
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d(&cursor)
        }
        guard Int(written) == length else {
            Secrets.wipe(&bytes)
            throw .openSSL(.openSSL, "cannot DER-encode the \(what)")
        }
        return bytes
    }

    private static func evpType(_ algorithm: KeyAlgorithm) throws(KeyNoteCryptoError) -> Int32 {
        switch algorithm {
        case .rsa: EVP_PKEY_RSA
        case .dsa: EVP_PKEY_DSA
        case .ed25519:
            throw KeyNoteCryptoError(code: .unsupportedAlgorithm, reason: "Ed25519 keys have no DER form here")
        }
    }
}

/// Length of Ed25519 public keys and private seeds (RFC 8032 section 5.1.5).
let ed25519KeyLength = 32
/// Length of Ed25519 signatures (RFC 8032 section 5.1.6).
let ed25519SignatureLength = 64

/// Owns one `EVP_PKEY_CTX` and frees it on deinit. Used by one thread at a
/// time (a `VerifyContextPool` hands it out exclusively).
final class OpenSSLKeyContext: @unchecked Sendable {
    let pointer: OpaquePointer

    /// A context for `key`.
    init(for key: OpenSSLKey) throws(KeyNoteCryptoError) {
        guard let pointer = EVP_PKEY_CTX_new(key.pointer, nil) else {
            throw .openSSL(.openSSL, "EVP_PKEY_CTX_new failed")
        }
        self.pointer = pointer
    }

    /// A context for generating keys or parameters of `type`.
    init(generating type: Int32) throws(KeyNoteCryptoError) {
        guard let pointer = EVP_PKEY_CTX_new_id(type, nil) else {
            throw .openSSL(.openSSL, "EVP_PKEY_CTX_new_id failed")
        }
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_CTX_free(pointer)
    }

    /// Checks an OpenSSL return code (1 is success).
    func check(_ result: Int32, _ what: String) throws(KeyNoteCryptoError) {
        guard result == 1 else {
            throw .openSSL(.openSSL, "\(what) failed")
        }
    }
}

/// Owns one `EVP_MD_CTX` and frees it on deinit. Used by one thread at a time.
final class OpenSSLDigestContext: @unchecked Sendable {
    let pointer: OpaquePointer

    init() throws(KeyNoteCryptoError) {
        guard let pointer = EVP_MD_CTX_new() else {
            throw .openSSL(.openSSL, "EVP_MD_CTX_new failed")
        }
        self.pointer = pointer
    }

    deinit {
        EVP_MD_CTX_free(pointer)
    }
}
