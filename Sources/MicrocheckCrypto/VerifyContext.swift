internal import COpenSSL
import Synchronization

/// An OpenSSL context ready to verify signatures of one key, used by one
/// thread at a time, and reused for many signatures:
/// - RSA: `EVP_PKEY_verify_recover` with PKCS#1 v1.5 padding and no digest,
///   which undoes the padding of the reference's `RSA_sign_ASN1_OCTET_STRING`;
/// - DSA: `EVP_PKEY_verify` over a precomputed digest, as `DSA_verify`;
/// - Ed25519: `EVP_DigestVerify` (pure Ed25519, RFC 8032 section 5.1.7).
final class VerifyContext: @unchecked Sendable {
    private enum Handle {
        case rsa(OpenSSLKeyContext, modulusLength: Int)
        case dsa(OpenSSLKeyContext)
        case ed25519(OpenSSLDigestContext)
    }

    private let handle: Handle

    init(key: OpenSSLKey, algorithm: KeyAlgorithm) throws(KeyNoteCryptoError) {
        switch algorithm {
        case .rsa:
            let context = try OpenSSLKeyContext(for: key)
            try context.check(EVP_PKEY_verify_recover_init(context.pointer), "EVP_PKEY_verify_recover_init")
            try context.check(EVP_PKEY_CTX_set_rsa_padding(context.pointer, RSA_PKCS1_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
            handle = .rsa(context, modulusLength: key.maximumSignatureSize)
        case .dsa:
            let context = try OpenSSLKeyContext(for: key)
            try context.check(EVP_PKEY_verify_init(context.pointer), "EVP_PKEY_verify_init")
            handle = .dsa(context)
        case .ed25519:
            let context = try OpenSSLDigestContext()
            guard EVP_DigestVerifyInit_ex(context.pointer, nil, nil, nil, nil, key.pointer, nil) == 1 else {
                throw .openSSL(.openSSL, "EVP_DigestVerifyInit_ex failed")
            }
            handle = .ed25519(context)
        }
    }

    /// Verifies `signature` (raw bytes) over `message` (the signed text
    /// followed by the algorithm name); RSA and DSA hash the message with
    /// `digest` first. False for any failure, after which the thread's OpenSSL
    /// error queue is cleared.
    func verify(
        message: UnsafeRawBufferPointer,
        signature: [UInt8],
        digest: KeyNoteSignatureAlgorithm.Digest
    ) -> Bool {
        let valid: Bool
        switch handle {
        case .rsa(let context, let modulusLength):
            valid = Self.verifyRSA(context, modulusLength, message: message, signature: signature, digest: digest)
        case .dsa(let context):
            valid = Self.verifyDSA(context, message: message, signature: signature, digest: digest)
        case .ed25519(let context):
            valid = EVP_DigestVerify(context.pointer, signature, signature.count, message.baseAddress, message.count) == 1
        }
        if !valid {
            OpenSSLErrorQueue.clear()
        }
        return valid
    }

    /// `RSA_verify_ASN1_OCTET_STRING`: the signature has exactly the modulus
    /// length and its PKCS#1 v1.5 (type 1) padding wraps a DER OCTET STRING
    /// holding the hash.
    private static func verifyRSA(
        _ context: OpenSSLKeyContext,
        _ modulusLength: Int,
        message: UnsafeRawBufferPointer,
        signature: [UInt8],
        digest: KeyNoteSignatureAlgorithm.Digest
    ) -> Bool {
        guard signature.count == modulusLength,
              let messageDigest = digest.messageDigest,
              let hash = try? messageDigest.hash(message)
        else { return false }
        var recovered = [UInt8](repeating: 0, count: modulusLength)
        var recoveredLength = recovered.count
        guard EVP_PKEY_verify_recover(context.pointer, &recovered, &recoveredLength, signature, signature.count) == 1,
              recoveredLength <= recovered.count,
              let content = OctetString.content(of: recovered[..<recoveredLength])
        else { return false }
        return KeyNoteSecrets.constantTimeEqual(Array(content), hash)
    }

    /// `DSA_verify` of a DER `Dss-Sig-Value` over the hash.
    private static func verifyDSA(
        _ context: OpenSSLKeyContext,
        message: UnsafeRawBufferPointer,
        signature: [UInt8],
        digest: KeyNoteSignatureAlgorithm.Digest
    ) -> Bool {
        guard let messageDigest = digest.messageDigest, let hash = try? messageDigest.hash(message) else {
            return false
        }
        return EVP_PKEY_verify(context.pointer, signature, signature.count, hash, hash.count) == 1
    }
}

/// Reusable verification contexts of one key. Each verification takes one
/// (or makes one), so concurrent verifications never share a context.
final class VerifyContextPool: Sendable {
    /// Most idle contexts kept per key.
    static let limit = 8

    private let key: OpenSSLKey
    private let algorithm: KeyAlgorithm
    private let idle = Mutex<[VerifyContext]>([])

    init(key: OpenSSLKey, algorithm: KeyAlgorithm) {
        self.key = key
        self.algorithm = algorithm
    }

    /// Runs `body` with a context of its own; false if none can be made.
    func withContext(_ body: (VerifyContext) -> Bool) -> Bool {
        let reused = idle.withLock { $0.popLast() }
        guard let context = reused ?? (try? VerifyContext(key: key, algorithm: algorithm)) else {
            OpenSSLErrorQueue.clear()
            return false
        }
        let result = body(context)
        idle.withLock { contexts in
            if contexts.count < Self.limit {
                contexts.append(context)
            }
        }
        return result
    }
}

/// Reading of the DER OCTET STRING that KeyNote RSA signatures wrap the hash in.
enum OctetString {
    /// The content of a primitive OCTET STRING (tag 0x04) at the start of
    /// `bytes`, with a short- or long-form definite length, as
    /// `d2i_ASN1_OCTET_STRING` reads it there; following bytes are ignored,
    /// as by the reference. Nil if the bytes are not such an element.
    static func content(of bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var index = bytes.startIndex
        guard index < bytes.endIndex, bytes[index] == 0x04 else { return nil }
        index += 1
        guard index < bytes.endIndex else { return nil }
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard (1...4).contains(count), bytes.endIndex - index >= count else { return nil }
            for byte in bytes[index..<index + count] {
                length = length << 8 | Int(byte)
            }
            index += count
        }
        guard bytes.endIndex - index >= length else { return nil }
        return bytes[index..<index + length]
    }
}
