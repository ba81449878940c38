import Foundation

/// Writes a file that only its owner may read: created with mode 0600 under
/// a temporary name (never readable by others, not even for a moment),
/// synced, then renamed into place, as MicrobillingStorage's `KeyFile` does
/// for plain key text.
enum OwnerOnlyFile {
    static func write(_ bytes: [UInt8], to path: String) throws(ProvisioningError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ProvisioningError(.storage, "cannot create \(temporary): \(String(cString: strerror(errno)))")
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
            throw ProvisioningError(.storage, "cannot write \(path): \(String(cString: strerror(failure)))")
        }
    }

    /// The file's bytes, refusing one that others can read or that is larger than `limit`.
    static func read(_ path: String, limit: Int) throws(ProvisioningError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ProvisioningError(.configuration, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw ProvisioningError(.configuration, "\(path) is readable by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard status.st_size <= limit, let data = FileManager.default.contents(atPath: path) else {
            throw ProvisioningError(.configuration, "cannot read \(path) (at most \(limit) bytes)")
        }
        return Array(data)
    }
}
