/// Digests of content that is not a KeyNote signature: identifiers of
/// credentials and microchecks, fingerprints, deduplication keys.
public enum ContentDigest {
    /// SHA-256 of `bytes`, 32 bytes.
    public static func sha256(_ bytes: some Collection<UInt8>) throws(KeyNoteCryptoError) -> [UInt8] {
        try MessageDigest.sha256.hash(Array(bytes))
    }

    /// SHA-256 of `bytes` as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: some Collection<UInt8>) throws(KeyNoteCryptoError) -> String {
        KeyNoteHex.encode(try sha256(bytes))
    }
}
