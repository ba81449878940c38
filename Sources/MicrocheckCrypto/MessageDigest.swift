internal import COpenSSL

/// A message digest fetched once from OpenSSL's default provider. A fetched
/// `EVP_MD` is immutable and may be shared between threads.
final class MessageDigest: @unchecked Sendable {
    private let pointer: OpaquePointer?
    /// The algorithm name given to `EVP_MD_fetch`.
    let name: String
    /// The digest length in bytes.
    let length: Int

    private init(_ name: String, length: Int) {
        self.name = name
        self.length = length
        pointer = EVP_MD_fetch(nil, name, nil)
        // A failed fetch leaves an entry on this thread's queue; `hash` reports it.
        OpenSSLErrorQueue.clear()
    }

    deinit {
        EVP_MD_free(pointer)
    }

    /// SHA-1, the digest of `sig-rsa-sha1-*` and `sig-dsa-sha1-*` (RFC 2792 section 4).
    static let sha1 = MessageDigest("SHA1", length: 20)
    /// MD5, the digest of `sig-rsa-md5-*` (RFC 2792 section 4).
    static let md5 = MessageDigest("MD5", length: 16)
    /// SHA-256, used for key fingerprints.
    static let sha256 = MessageDigest("SHA256", length: 32)

    /// The digest of `bytes` (`EVP_Digest`).
    func hash(_ bytes: UnsafeRawBufferPointer) throws(KeyNoteCryptoError) -> [UInt8] {
        guard let pointer else {
            throw KeyNoteCryptoError(code: .openSSL, reason: "the \(name) digest is not available from OpenSSL")
        }
        var output = [UInt8](repeating: 0, count: length)
        var written: UInt32 = 0
        let result = EVP_Digest(bytes.baseAddress, bytes.count, &output, &written, pointer, nil)
        guard result == 1, Int(written) == length else {
            throw .openSSL(.openSSL, "\(name) digest failed")
        }
        return output
    }

    /// Writes the digest of `first` followed by `second` to the start of
    /// `output` (at least ``length`` bytes), computed in `context`, which is
    /// reinitialised and so may be reused for any number of digests. False
    /// when OpenSSL fails.
    func hash(
        _ first: UnsafeRawBufferPointer,
        _ second: UnsafeRawBufferPointer,
        into output: UnsafeMutableBufferPointer<UInt8>,
        context: OpenSSLDigestContext
    ) -> Bool {
        var written: UInt32 = 0
        guard let pointer, output.count >= length,
              EVP_DigestInit_ex(context.pointer, pointer, nil) == 1,
              EVP_DigestUpdate(context.pointer, first.baseAddress, first.count) == 1,
              EVP_DigestUpdate(context.pointer, second.baseAddress, second.count) == 1,
              EVP_DigestFinal_ex(context.pointer, output.baseAddress, &written) == 1
        else { return false }
        return Int(written) == length
    }

    /// The digest of `bytes`.
    func hash(_ bytes: [UInt8]) throws(KeyNoteCryptoError) -> [UInt8] {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(KeyNoteCryptoError) in try hash(buffer) }
        }
        return try result.get()
    }
}
