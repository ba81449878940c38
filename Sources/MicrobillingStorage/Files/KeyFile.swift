import Foundation
import Microbilling
import MicrocheckCrypto

/// Private key files in KeyNote's base64 form, kept as ``OwnerOnlyFile``s:
/// mode 0600 from the start, synced, then renamed into place.
public enum KeyFile {
    /// The most bytes a key file may have.
    private static let maximumSize = 64 * 1024

    /// Writes `key` in KeyNote's base64 private-key form to `path`.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/storage`` when the
    ///   file cannot be written; an existing file at `path` is left as it was.
    public static func write(_ key: KeyNotePrivateKey, to path: String) throws(MicrobillingError) {
        try OwnerOnlyFile.write(Array((key.encoded(.base64) + "\n").utf8), to: path)
    }

    /// Reads a private key file; refuses one that others can read.
    public static func read(from path: String) throws(MicrobillingError) -> KeyNotePrivateKey {
        let bytes = try OwnerOnlyFile.read(path, limit: maximumSize)
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return try KeyNotePrivateKey.parse(text)
        } catch {
            throw MicrobillingError(.keyFailure, "\(path): \(error.reason)")
        }
    }
}
