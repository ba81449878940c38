import Foundation
import Microbilling
import MicrocheckCrypto

/// Private key files: written with mode 0600 from the start (never readable
/// by others, not even for a moment), synced, then renamed into place.
public enum KeyFile {
    /// Writes `key` in KeyNote's base64 private-key form to `path`.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/storage`` when the
    ///   file cannot be written; an existing file at `path` is left as it was.
    public static func write(_ key: KeyNotePrivateKey, to path: String) throws(MicrobillingError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw MicrobillingError(.storage, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        let bytes = Array((key.encoded(.base64) + "\n").utf8)
        var written = 0
        var failure: Int32 = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            written += count
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw MicrobillingError(.storage, "cannot write \(path): \(String(cString: strerror(failure)))")
        }
    }

    /// Reads a private key file; refuses one that others can read.
    public static func read(from path: String) throws(MicrobillingError) -> KeyNotePrivateKey {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw MicrobillingError(.storage, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw MicrobillingError(.keyFailure, "\(path) is readable by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard status.st_size <= 64 * 1024, let data = FileManager.default.contents(atPath: path) else {
            throw MicrobillingError(.storage, "cannot read \(path)")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return try KeyNotePrivateKey.parse(text)
        } catch {
            throw MicrobillingError(.keyFailure, "\(path): \(error.reason)")
        }
    }
}
