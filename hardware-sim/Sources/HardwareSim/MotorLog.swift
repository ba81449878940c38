import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The machine-side record of dispenses: one line per motor run,
/// `<unix-ms> <n> <id> vended|jam`, appended and synced (`fsync`) before the
/// controller answers, so tests count dispenses from the machine's side.
public final class MotorLog: Sendable {
    /// The file's path.
    public let path: String
    private let descriptor: Mutex<Int32>

    /// Opens (creating if needed) `path` for appending.
    public init(path: String) throws(SimulatorFileError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SimulatorFileError("open motor log", path: path, errno: errno) }
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        descriptor.withLock { _ = close($0) }
    }

    /// Appends one motor run and syncs it to disk.
    public func record(selection: Int, id: String, jammed: Bool) throws(SimulatorFileError) {
        let milliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let line = Array("\(milliseconds) \(selection) \(id) \(jammed ? "jam" : "vended")\n".utf8)
        let path = self.path
        try descriptor.withLock { descriptor throws(SimulatorFileError) in
            var offset = 0
            while offset < line.count {
                let written = line[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SimulatorFileError("write motor log", path: path, errno: errno)
                }
                offset += written
            }
            guard fsync(descriptor) == 0 else { throw SimulatorFileError("fsync motor log", path: path, errno: errno) }
        }
    }
}
