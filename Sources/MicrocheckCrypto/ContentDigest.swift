/// Digests of content that is not a KeyNote signature: identifiers of
/// credentials and microchecks, fingerprints, deduplication keys.
///
/// Digests are computed in OpenSSL contexts kept for reuse, safely from
/// any number of threads at once.
public enum ContentDigest {
    private static let contexts = DigestContextPool()

    /// SHA-256 of `bytes`, 32 bytes.
    public static func sha256(_ bytes: some Collection<UInt8>) throws(KeyNoteCryptoError) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ sha256(buffer: UnsafeRawBufferPointer($0)) }) {
            return try digest.get()
        }
        return try sha256(Array(bytes))
    }

    /// SHA-256 of `bytes`, 32 bytes: ``sha256(_:)-(Collection<UInt8>)`` for
    /// an array, without generic dispatch.
    public static func sha256(_ bytes: [UInt8]) throws(KeyNoteCryptoError) -> [UInt8] {
        try bytes.withUnsafeBytes { sha256(buffer: $0) }.get()
    }

    /// SHA-256 of `bytes` as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: some Collection<UInt8>) throws(KeyNoteCryptoError) -> String {
        KeyNoteHex.encode(try sha256(bytes))
    }

    /// SHA-256 of `bytes` as 64 lowercase hex digits: ``sha256Hex(_:)-(Collection<UInt8>)``
    /// for an array, without generic dispatch.
    public static func sha256Hex(_ bytes: [UInt8]) throws(KeyNoteCryptoError) -> String {
        KeyNoteHex.encode(try sha256(bytes))
    }

    /// SHA-256 of contiguous bytes, in a pooled context.
    private static func sha256(buffer bytes: UnsafeRawBufferPointer) -> Result<[UInt8], KeyNoteCryptoError> {
        Result { () throws(KeyNoteCryptoError) in
            let digest = MessageDigest.sha256
            var hashed = false
            let output = try contexts.withContext { context in
                [UInt8](unsafeUninitializedCapacity: digest.length) { buffer, count in
                    hashed = digest.hash(bytes, UnsafeRawBufferPointer(start: nil, count: 0), into: buffer, context: context)
                    count = hashed ? digest.length : 0
                }
            }
            guard hashed else { throw .openSSL(.openSSL, "\(digest.name) digest failed") }
            return output
        }
    }
}
