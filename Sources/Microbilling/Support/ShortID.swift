import MicrocheckCrypto

/// Identifiers of texts: the first 16 bytes of their SHA-256, in hex.
package enum ShortID {
    static func of(_ text: String) throws(MicrobillingError) -> String {
        do {
            return try of(bytes: Array(text.utf8))
        } catch {
            throw MicrobillingError(.keyFailure, "cannot digest: \(error.reason)")
        }
    }

    /// The id of the text whose UTF-8 is `bytes`.
    package static func of(bytes: [UInt8]) throws(KeyNoteCryptoError) -> String {
        KeyNoteHex.encode(try ContentDigest.sha256(bytes).prefix(16))
    }
}
