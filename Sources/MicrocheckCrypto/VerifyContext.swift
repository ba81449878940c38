internal import COpenSSL
import Synchronization

/// An OpenSSL context ready to verify signatures of one key, used by one
/// thread at a time, and reused for many signatures:
/// - RSA: `EVP_PKEY_verify_recover` with PKCS#1 v1.5 padding and no digest,
///   which undoes the padding of the reference's `RSA_sign_ASN1_OCTET_STRING`;
/// - DSA: `EVP_PKEY_verify` over a precomputed digest, as `DSA_verify`;
/// - Ed25519: `EVP_DigestVerify` (pure Ed25519, RFC 8032 section 5.1.7).
///
/// RSA and DSA hash the message in a digest context of their own, reused
/// for every signature, and keep the hash and the recovered block on the
/// stack: a verification allocates nothing on the Swift side.
final class VerifyContext: @unchecked Sendable {
    private enum Handle {
        case rsa(OpenSSLKeyContext, modulusLength: Int, OpenSSLDigestContext)
        case dsa(OpenSSLKeyContext, OpenSSLDigestContext)
        case ed25519(OpenSSLDigestContext)
    }

    /// Room for the largest digest used (SHA-1, MD5).
    private static let maximumDigestLength = 64

    private let handle: Handle

    init(key: OpenSSLKey, algorithm: KeyAlgorithm) throws(KeyNoteCryptoError) {
        switch algorithm {
        case .rsa:
            let context = try OpenSSLKeyContext(for: key)
            try context.check(EVP_PKEY_verify_recover_init(context.pointer), "EVP_PKEY_verify_recover_init")
            try context.check(EVP_PKEY_CTX_set_rsa_padding(context.pointer, RSA_PKCS1_PADDING), "EVP_PKEY_CTX_set_rsa_padding")
            handle = .rsa(context, modulusLength: key.maximumSignatureSize, try OpenSSLDigestContext())
        case .dsa:
            let context = try OpenSSLKeyContext(for: key)
            try context.check(EVP_PKEY_verify_init(context.pointer), "EVP_PKEY_verify_init")
            handle = .dsa(context, try OpenSSLDigestContext())
        case .ed25519:
            let context = try OpenSSLDigestContext()
            guard EVP_DigestVerifyInit_ex(context.pointer, nil, nil, nil, nil, key.pointer, nil) == 1 else {
                throw .openSSL(.openSSL, "EVP_DigestVerifyInit_ex failed")
            }
            handle = .ed25519(context)
        }
    }

    /// Verifies `signature` (raw bytes) over the message `signedText`
    /// followed by `name` (the signature algorithm's name; empty when
    /// `signedText` is the whole message); RSA and DSA hash the message with
    /// `digest` first. False for any failure, after which the thread's OpenSSL
    /// error queue is cleared.
    func verify(
        signedText: UnsafeRawBufferPointer,
        name: UnsafeRawBufferPointer,
        signature: [UInt8],
        digest: KeyNoteSignatureAlgorithm.Digest
    ) -> Bool {
        let valid: Bool
        switch handle {
        case .rsa(let context, let modulusLength, let digestContext):
            valid = Self.verifyRSA(context, modulusLength, digestContext, signedText, name, signature: signature, digest: digest)
        case .dsa(let context, let digestContext):
            valid = Self.verifyDSA(context, digestContext, signedText, name, signature: signature, digest: digest)
        case .ed25519(let context):
            valid = Self.verifyEd25519(context, signedText, name, signature: signature)
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
        _ digestContext: OpenSSLDigestContext,
        _ signedText: UnsafeRawBufferPointer,
        _ name: UnsafeRawBufferPointer,
        signature: [UInt8],
        digest: KeyNoteSignatureAlgorithm.Digest
    ) -> Bool {
        guard signature.count == modulusLength, let messageDigest = digest.messageDigest else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumDigestLength + modulusLength) { scratch in
            let hash = UnsafeMutableBufferPointer(rebasing: scratch[..<maximumDigestLength])
            let recovered = UnsafeMutableBufferPointer(rebasing: scratch[maximumDigestLength...])
            var recoveredLength = recovered.count
            guard messageDigest.hash(signedText, name, into: hash, context: digestContext),
                  EVP_PKEY_verify_recover(context.pointer, recovered.baseAddress, &recoveredLength,
                                          signature, signature.count) == 1,
                  recoveredLength <= recovered.count,
                  let content = OctetString.content(of: UnsafeBufferPointer(rebasing: recovered[..<recoveredLength])),
                  content.count == messageDigest.length
            else { return false }
            return CRYPTO_memcmp(content.baseAddress, hash.baseAddress, content.count) == 0
        }
    }

    /// `DSA_verify` of a DER `Dss-Sig-Value` over the hash.
    private static func verifyDSA(
        _ context: OpenSSLKeyContext,
        _ digestContext: OpenSSLDigestContext,
        _ signedText: UnsafeRawBufferPointer,
        _ name: UnsafeRawBufferPointer,
        signature: [UInt8],
        digest: KeyNoteSignatureAlgorithm.Digest
    ) -> Bool {
        guard let messageDigest = digest.messageDigest else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumDigestLength) { hash in
            guard messageDigest.hash(signedText, name, into: hash, context: digestContext) else { return false }
            return EVP_PKEY_verify(context.pointer, signature, signature.count, hash.baseAddress, messageDigest.length) == 1
        }
    }

    /// Pure Ed25519 over the message, which `EVP_DigestVerify` takes in one
    /// piece: a message in two parts is first joined in a temporary buffer.
    private static func verifyEd25519(
        _ context: OpenSSLDigestContext,
        _ signedText: UnsafeRawBufferPointer,
        _ name: UnsafeRawBufferPointer,
        signature: [UInt8]
    ) -> Bool {
        if name.isEmpty {
            return EVP_DigestVerify(context.pointer, signature, signature.count, signedText.baseAddress, signedText.count) == 1
        }
        return withUnsafeTemporaryAllocation(byteCount: signedText.count + name.count, alignment: 1) { message in
            message.copyMemory(from: signedText)
            UnsafeMutableRawBufferPointer(rebasing: message[signedText.count...]).copyMemory(from: name)
            return EVP_DigestVerify(context.pointer, signature, signature.count, message.baseAddress, message.count) == 1
        }
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
    static func content(of bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var index = 0
        guard index < bytes.count, bytes[index] == 0x04 else { return nil }
        index += 1
        guard index < bytes.count else { return nil }
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard (1...4).contains(count), bytes.count - index >= count else { return nil }
            for byte in bytes[index..<index + count] {
                length = length << 8 | Int(byte)
            }
            index += count
        }
        guard bytes.count - index >= length else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[index..<index + length])
    }
}
