internal import COpenSSL

/// A private key as `keynote keygen` writes it (keynote(1); RFC 2792 defines
/// only public keys, section 3):
/// `private-rsa-base64:...`, `private-rsa-hex:...` (PKCS#1 `RSAPrivateKey`
/// DER), `private-dsa-base64:...`, `private-dsa-hex:...` (OpenSSL
/// `DSAPrivateKey` DER: SEQUENCE { 0, p, q, g, y, x }), and our extension
/// `private-ed25519-hex:...` / `private-ed25519-base64:...` over the 32-byte
/// Ed25519 seed (RFC 8032 section 5.1.5).
///
/// The DER (or seed) is held in memory that is wiped when the last copy of
/// the key goes away; text made by `encoded(_:)` is an ordinary `String` that
/// cannot be wiped.
public struct KeyNotePrivateKey: Sendable {
    /// The key's algorithm.
    public let algorithm: KeyAlgorithm
    /// The matching public key principal.
    public let publicKey: KeyNoteKey
    let key: OpenSSLKey
    /// Canonical private DER, or the Ed25519 seed.
    private let secret: SecretBytes

    private init(algorithm: KeyAlgorithm, key: OpenSSLKey) throws(KeyNoteCryptoError) {
        self.algorithm = algorithm
        self.key = key
        let publicMaterial = algorithm == .ed25519 ? try key.rawPublicKey() : try key.publicDER()
        publicKey = try KeyNoteKey(algorithm: algorithm, material: publicMaterial)
        var secretBytes = algorithm == .ed25519 ? try key.rawPrivateKey() : try key.privateDER()
        secret = SecretBytes(copying: secretBytes)
        Secrets.wipe(&secretBytes)
    }

    /// Decodes private-key text (unquoted, unwrapped), following the reference
    /// (signature.c `kn_decode_key` for private keys): `private-` then a key
    /// prefix, both ASCII case-insensitive, then hex or base64 with the
    /// reference's rules (read as a C string, up to a NUL), then the DER or
    /// seed. The decoded bytes are wiped after use.
    ///
    /// - Throws: `notAPrivateKey` without the `private-` marker or a known key
    ///   prefix, `unsupportedAlgorithm` for `x509-*` and `binary-*`,
    ///   `invalidEncoding` or `invalidKey` when it does not decode.
    public static func parse(_ text: String) throws(KeyNoteCryptoError) -> KeyNotePrivateKey {
        let (algorithm, key) = try CStringBytes.with(text) { (bytes) throws(KeyNoteCryptoError) -> (KeyAlgorithm, OpenSSLKey) in
            guard KeyPrefix.hasPrefix(bytes, KeyPrefix.privateMarker),
                  let (prefix, payload) = KeyPrefix.match(bytes.droppingFirst(KeyPrefix.privateMarker.count))
            else {
                throw KeyNoteCryptoError(code: .notAPrivateKey, reason: "private key text must start with private- and a key algorithm")
            }
            guard case .key(let algorithm) = prefix.kind else {
                throw KeyNoteCryptoError(code: .unsupportedAlgorithm, reason: "private-\(prefix.text) keys are not supported")
            }
            var decoded = try prefix.encoding.decode(bytes: payload)
            defer { Secrets.wipe(&decoded) }
            switch algorithm {
            case .rsa, .dsa: return (algorithm, try OpenSSLKey.privateKey(der: decoded, algorithm: algorithm))
            case .ed25519: return (algorithm, try OpenSSLKey.ed25519PrivateKey(seed: decoded))
            }
        }
        return try KeyNotePrivateKey(algorithm: algorithm, key: key)
    }

    /// Accepted RSA modulus sizes in bits: OpenSSL's minimum up to a size
    /// whose generation still ends in reasonable time.
    public static let rsaBits = 512...16384
    /// Accepted DSA prime sizes in bits: the reference's minimum (512) up to
    /// the largest FIPS 186-4 size.
    public static let dsaBits = 512...3072

    /// Makes a new key pair, as `keynote keygen` does (keynote(1); public keys
    /// per RFC 2792 section 3).
    ///
    /// - RSA: public exponent 65537 (the reference's default), `bits` from
    ///   `rsaBits`.
    /// - DSA: new parameters for every key, as the reference's
    ///   `DSA_generate_parameters`: FIPS 186-2 with a 160-bit q below 2048
    ///   bits, FIPS 186-4 from 2048 bits (q of 224 bits at 2048, 256 above);
    ///   `bits` from `dsaBits`.
    /// - Ed25519: `bits` is ignored.
    ///
    /// - Throws: `invalidKeySize` for a size outside the range; `openSSL` when
    ///   generation fails.
    public static func generate(_ algorithm: KeyAlgorithm, bits: Int) throws(KeyNoteCryptoError) -> KeyNotePrivateKey {
        let key: OpenSSLKey
        switch algorithm {
        case .rsa:
            try checkBits(bits, in: rsaBits, algorithm)
            let context = try OpenSSLKeyContext(generating: EVP_PKEY_RSA)
            try context.check(EVP_PKEY_keygen_init(context.pointer), "EVP_PKEY_keygen_init")
            try context.check(EVP_PKEY_CTX_set_rsa_keygen_bits(context.pointer, Int32(bits)), "EVP_PKEY_CTX_set_rsa_keygen_bits")
            key = try generateKey(context)
        case .dsa:
            try checkBits(bits, in: dsaBits, algorithm)
            let type = dsaParameterType(bits: bits)
            let parameters = try generateDSAParameters(bits: bits, type: type)
            let context = try OpenSSLKeyContext(for: parameters)
            try context.check(EVP_PKEY_keygen_init(context.pointer), "EVP_PKEY_keygen_init")
            // Without the type, key generation checks the parameters against
            // FIPS 186-4 sizes only and refuses FIPS 186-2 ones below 1024 bits.
            try context.check(EVP_PKEY_CTX_set_dsa_paramgen_type(context.pointer, type), "EVP_PKEY_CTX_set_dsa_paramgen_type")
            key = try generateKey(context)
        case .ed25519:
            let context = try OpenSSLKeyContext(generating: EVP_PKEY_ED25519)
            try context.check(EVP_PKEY_keygen_init(context.pointer), "EVP_PKEY_keygen_init")
            key = try generateKey(context)
        }
        return try KeyNotePrivateKey(algorithm: algorithm, key: key)
    }

    /// The private-key text as keygen writes it, without quotes or wrapping:
    /// `private-`, the lowercase key prefix, then the encoded DER (or seed).
    public func encoded(_ encoding: KeyNoteTextEncoding) -> String {
        secret.withBytes { bytes in
            "private-" + KeyPrefix.text(for: algorithm, encoding) + encoding.encode(bytes)
        }
    }

    private static func checkBits(_ bits: Int, in range: ClosedRange<Int>, _ algorithm: KeyAlgorithm) throws(KeyNoteCryptoError) {
        guard range.contains(bits) else {
            throw KeyNoteCryptoError(
                code: .invalidKeySize,
                reason: "\(algorithm.name) keys must have \(range.lowerBound) to \(range.upperBound) bits, not \(bits)"
            )
        }
    }

    /// The FIPS 186 revision the reference's `DSA_generate_parameters` uses.
    private static func dsaParameterType(bits: Int) -> String {
        bits < 2048 ? "fips186_2" : "fips186_4"
    }

    private static func generateDSAParameters(bits: Int, type: String) throws(KeyNoteCryptoError) -> OpenSSLKey {
        let context = try OpenSSLKeyContext(generating: EVP_PKEY_DSA)
        try context.check(EVP_PKEY_paramgen_init(context.pointer), "EVP_PKEY_paramgen_init")
        let qBits = bits < 2048 ? 160 : bits == 2048 ? 224 : 256
        try context.check(EVP_PKEY_CTX_set_dsa_paramgen_type(context.pointer, type), "EVP_PKEY_CTX_set_dsa_paramgen_type")
        try context.check(EVP_PKEY_CTX_set_dsa_paramgen_bits(context.pointer, Int32(bits)), "EVP_PKEY_CTX_set_dsa_paramgen_bits")
        try context.check(EVP_PKEY_CTX_set_dsa_paramgen_q_bits(context.pointer, Int32(qBits)), "EVP_PKEY_CTX_set_dsa_paramgen_q_bits")
        var parameters: OpaquePointer?
        guard EVP_PKEY_paramgen(context.pointer, &parameters) == 1, let parameters else {
            throw .openSSL(.openSSL, "DSA parameter generation failed")
        }
        return OpenSSLKey(taking: parameters)
    }

    private static func generateKey(_ context: OpenSSLKeyContext) throws(KeyNoteCryptoError) -> OpenSSLKey {
        var generated: OpaquePointer?
        guard EVP_PKEY_generate(context.pointer, &generated) == 1, let generated else {
            throw .openSSL(.openSSL, "key generation failed")
        }
        return OpenSSLKey(taking: generated)
    }
}
