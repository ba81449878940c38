#if canImport(Glibc)
import Glibc
#endif

/// A serial line (a UART, a USB adapter, an IR dongle, or one end of a pty)
/// in raw 8N1 mode at a set speed. Reads wait with `poll` up to a timeout.
/// Owns its descriptor and closes it in `deinit`.
public final class SerialPort: ByteChannel, @unchecked Sendable {
    /// The device path, for messages.
    public let device: String
    private let descriptor: Int32

    /// Opens `device` and sets it to raw 8N1 at `baud`.
    public convenience init(device: String, baud: BaudRate) throws(SerialLinkError) {
        let descriptor = open(device, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw SerialLinkError("open", device: device, errno: errno) }
        try self.init(adopting: descriptor, device: device, baud: baud)
    }

    /// Takes ownership of an open descriptor and sets it to raw 8N1 at `baud`.
    public init(adopting descriptor: Int32, device: String, baud: BaudRate) throws(SerialLinkError) {
        self.device = device
        self.descriptor = descriptor
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            let error = errno
            close(descriptor)
            throw SerialLinkError("tcgetattr", device: device, errno: error)
        }
        cfmakeraw(&settings)
        settings.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
        settings.c_cflag &= ~(tcflag_t(CSTOPB) | tcflag_t(PARENB) | tcflag_t(CRTSCTS))
        settings.c_iflag &= ~(tcflag_t(IXON) | tcflag_t(IXOFF) | tcflag_t(IXANY))
        cfsetispeed(&settings, baud.speed)
        cfsetospeed(&settings, baud.speed)
        guard tcsetattr(descriptor, TCSANOW, &settings) == 0 else {
            let error = errno
            close(descriptor)
            throw SerialLinkError("tcsetattr", device: device, errno: error)
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(descriptor)
    }

    public func send(_ bytes: [UInt8]) throws(SerialLinkError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&entry, 1, 1000)
                    continue
                }
                throw SerialLinkError("write", device: device, errno: errno)
            }
            offset += written
        }
    }

    public func receive(maximum: Int, timeout: Duration) throws(SerialLinkError) -> [UInt8] {
        let (seconds, attoseconds) = timeout.components
        let milliseconds = max(0, min(Int64(Int32.max), seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, Int32(milliseconds))
        if ready < 0 {
            if errno == EINTR { return [] }
            throw SerialLinkError("poll", device: device, errno: errno)
        }
        guard ready > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: max(1, maximum))
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return [] }
            throw SerialLinkError("read", device: device, errno: errno)
        }
        guard count > 0 else { throw SerialLinkError("read: the line was closed", device: device) }
        return Array(buffer.prefix(count))
    }
}
