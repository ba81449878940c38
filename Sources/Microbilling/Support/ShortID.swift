import MicrocheckCrypto

/// Identifiers of texts: the first 16 bytes of their SHA-256, in hex.
enum ShortID {
    static func of(_ text: String) throws(MicrobillingError) -> String {
        do {
            return String(try ContentDigest.sha256Hex(Array(text.utf8)).prefix(32))
        } catch {
            throw MicrobillingError(.keyFailure, "cannot digest: \(error.reason)")
        }
    }
}
