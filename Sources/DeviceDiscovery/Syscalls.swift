#if canImport(Glibc)
import Glibc
#endif

/// The system calls this library makes outside libudev, in one place, as small
/// functions returning values or errno (never throwing, never retrying silently).
enum Syscalls {
    /// poll(2) for readability of one descriptor: true when readable, false on timeout.
    static func waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Result<Bool, Errno> {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let result = poll(&entry, 1, milliseconds)
        if result < 0 { return .failure(Errno(errno)) }
        if result > 0, entry.revents & Int16(POLLERR | POLLNVAL) != 0 { return .failure(Errno(EIO)) }
        return .success(result > 0 && entry.revents & Int16(POLLIN) != 0)
    }

    /// Whether anything exists at `path` (lstat(2), so dangling symlinks count).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The device number when `path` (followed through symlinks) is a character device.
    static func characterDevice(at path: String) -> dev_t? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFCHR else { return nil }
        return info.st_rdev
    }

    /// The names in a directory, without `.` and `..`, at most `limit` of them.
    static func directoryEntries(_ path: String, limit: Int) -> Result<[String], Errno> {
        guard let directory = opendir(path) else { return .failure(Errno(errno)) }
        defer { closedir(directory) }
        var names: [String] = []
        while names.count < limit, let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }
}

/// An errno value from a failed system call.
struct Errno: Error, Equatable {
    let rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }
}
