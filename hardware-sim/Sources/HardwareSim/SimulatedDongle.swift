import SerialLink
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A hot-pluggable IR dongle, simulated with a pty and a stable symlink.
///
/// ``appear()`` opens a pty pair and creates the symlink `linkPath` → `/dev/pts/N`,
/// as udev would create `/dev/ttyIR0`; a program opens `linkPath` like a serial port.
/// ``disappear()`` removes the symlink first, then closes both sides of the pty: a
/// program holding the device gets POLLHUP and EIO, as after an unplug.
/// Each ``appear()`` gets a new pty (usually a new `/dev/pts/N`).
///
/// The dongle itself is the simulator's end of the line: ``send(_:)`` and
/// ``receive(maximum:timeout:)`` reach the pty's controller side while the dongle
/// is present and throw while it is absent. A call in flight when the dongle
/// disappears keeps the pty open until it returns (at most its timeout).
public final class SimulatedDongle: ByteChannel, Sendable {
    /// The stable path, e.g. `/tmp/sim/ttyIR0`.
    public let linkPath: String
    /// The speed the pty is set to (ptys do not pace).
    public let baud: BaudRate
    private let terminal: Mutex<PseudoTerminal?> = Mutex(nil)

    /// Creates an absent dongle that will appear at `linkPath`.
    public init(linkPath: String, baud: BaudRate = .b9600) {
        self.linkPath = linkPath
        self.baud = baud
    }

    /// Whether the dongle is plugged in.
    public var isPresent: Bool {
        terminal.withLock { $0 != nil }
    }

    /// The pty device the symlink points to while present.
    public var devicePath: String? {
        terminal.withLock { $0?.devicePath }
    }

    /// Plugs the dongle in: a new pty and the symlink to it. Does nothing if present.
    ///
    /// - Throws: when the pty cannot be opened or `linkPath` exists and is not a symlink.
    public func appear() throws {
        try terminal.withLock { terminal throws in
            guard terminal == nil else { return }
            var status = stat()
            if lstat(linkPath, &status) == 0 {
                guard (status.st_mode & S_IFMT) == S_IFLNK else {
                    throw SimulatorFileError("refusing to replace a file that is not a symlink:", path: linkPath)
                }
                unlink(linkPath)
            }
            let pty = try PseudoTerminal(baud: baud)
            guard symlink(pty.devicePath, linkPath) == 0 else {
                throw SimulatorFileError("symlink \(pty.devicePath) to", path: linkPath, errno: errno)
            }
            terminal = pty
        }
    }

    /// Unplugs the dongle: removes the symlink, then closes the pty. Does nothing if absent.
    public func disappear() {
        let unplugged = terminal.withLock { terminal -> PseudoTerminal? in
            defer { terminal = nil }
            return terminal
        }
        guard unplugged != nil else { return }
        unlink(linkPath)
        // `unplugged` is the last reference unless a call is in flight: the pty closes when it goes.
    }

    public func send(_ bytes: [UInt8]) throws(SerialLinkError) {
        try present().controller.send(bytes)
    }

    public func receive(maximum: Int, timeout: Duration) throws(SerialLinkError) -> [UInt8] {
        try present().controller.receive(maximum: maximum, timeout: timeout)
    }

    private func present() throws(SerialLinkError) -> PseudoTerminal {
        guard let pty = terminal.withLock({ $0 }) else {
            throw SerialLinkError("the dongle is unplugged", device: linkPath)
        }
        return pty
    }
}
