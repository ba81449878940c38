import Foundation
import Microbilling

/// Files only their owner may read, for secrets (private keys, passphrases):
/// written with mode 0600 from the start under a temporary name (never
/// readable by others, not even for a moment), synced, then renamed into
/// place; read only when no one else can read them.
public enum OwnerOnlyFile {
    /// Writes `bytes` to `path`, replacing any file there atomically.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/storage`` when the
    ///   file cannot be written; an existing file at `path` is left as it was.
    public static func write(_ bytes: [UInt8], to path: String) throws(MicrobillingError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw MicrobillingError(.storage, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
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

    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/keyFailure`` when
    ///   group or others may read the file (the secret in it may have leaked);
    ///   ``MicrobillingError/Code-swift.struct/storage`` when it is missing,
    ///   cannot be read or is larger than `limit` bytes.
    public static func read(_ path: String, limit: Int) throws(MicrobillingError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw MicrobillingError(.storage, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw MicrobillingError(.keyFailure, "\(path) is readable by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard status.st_size <= limit, let data = FileManager.default.contents(atPath: path) else {
            throw MicrobillingError(.storage, "cannot read \(path) (at most \(limit) bytes)")
        }
        return Array(data)
    }
}
