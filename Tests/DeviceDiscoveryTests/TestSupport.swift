#if canImport(Glibc)
import Glibc
#endif

/// Writes an action (`add`, `change`...) to a tty's uevent file in sysfs, so that the
/// kernel emits a uevent for it. Returns the errno when the write fails.
func writeUevent(_ action: String, tty sysname: String) -> Int32? {
    let path = "/sys/class/tty/\(sysname)/uevent"
    let descriptor = open(path, O_WRONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return errno }
    defer { close(descriptor) }
    let bytes = Array(action.utf8)
    let written = write(descriptor, bytes, bytes.count)
    return written == bytes.count ? nil : (written < 0 ? errno : EIO)
}

/// Whether an errno from writing to sysfs means "not allowed here" rather than a bug.
func isReadOnlyErrno(_ code: Int32) -> Bool {
    code == EACCES || code == EROFS || code == EPERM
}

/// The text of an errno.
func errnoText(_ code: Int32) -> String {
    String(cString: strerror(code))
}

/// A simulated dongle: a pty whose device side is reachable through a symlink
/// `<temporary directory>/ttyIR0`, as hardware-sim exposes it. Removed in deinit.
final class PtyDongle {
    let directory: String
    let linkPath: String
    let devicePath: String
    private let controller: Int32
    private let device: Int32

    init() throws {
        var template = Array("/tmp/discovery-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp: \(errnoText(errno))") }
        directory = String(cString: made)
        var controller: Int32 = -1
        var device: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        guard openpty(&controller, &device, &name, nil, nil) == 0 else {
            rmdir(directory)
            throw TestFailure("openpty: \(errnoText(errno))")
        }
        self.controller = controller
        self.device = device
        devicePath = string(fromCString: name)
        linkPath = directory + "/ttyIR0"
        guard symlink(devicePath, linkPath) == 0 else { throw TestFailure("symlink: \(errnoText(errno))") }
    }

    /// Takes the symlink away, as an unplug would.
    func unplug() {
        unlink(linkPath)
    }

    deinit {
        unlink(linkPath)
        rmdir(directory)
        close(device)
        close(controller)
    }
}

/// A failure of the test's own setup.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The text of a NUL-terminated C character array.
func string(fromCString characters: [CChar]) -> String {
    String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
