#if canImport(Glibc)
import Glibc
#endif

/// A pty pair: the controller side for a simulator, and the device path a
/// program opens as if it were a serial port.
public final class PseudoTerminal: @unchecked Sendable {
    /// The controller side, raw, as a byte channel.
    public let controller: SerialPort
    /// The path of the device side, e.g. `/dev/pts/7`.
    public let devicePath: String
    /// Kept open so that the device side does not hang up while no program has it open.
    private let deviceDescriptor: Int32

    /// Opens a pty pair, both sides raw at `baud` (ptys do not pace; a simulator does).
    public init(baud: BaudRate = .b115200) throws(SerialLinkError) {
        var controllerDescriptor: Int32 = -1
        var deviceDescriptor: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        guard openpty(&controllerDescriptor, &deviceDescriptor, &name, nil, nil) == 0 else {
            throw SerialLinkError("openpty", errno: errno)
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var settings = termios()
        if tcgetattr(deviceDescriptor, &settings) == 0 {
            cfmakeraw(&settings)
            _ = tcsetattr(deviceDescriptor, TCSANOW, &settings)
        }
        self.devicePath = path
        self.deviceDescriptor = deviceDescriptor
        self.controller = try SerialPort(adopting: controllerDescriptor, device: path + " (controller)", baud: baud)
    }

    deinit {
        close(deviceDescriptor)
    }
}
