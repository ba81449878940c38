#if canImport(Glibc)
import Glibc
#endif

/// The speeds a serial line is set to (IrDA SIR and common UART rates).
public enum BaudRate: Int, Sendable, Hashable, CaseIterable {
    case b2400 = 2400
    case b9600 = 9600
    case b19200 = 19200
    case b38400 = 38400
    case b57600 = 57600
    case b115200 = 115_200

    /// The termios constant.
    var speed: speed_t {
        switch self {
        case .b2400: return speed_t(B2400)
        case .b9600: return speed_t(B9600)
        case .b19200: return speed_t(B19200)
        case .b38400: return speed_t(B38400)
        case .b57600: return speed_t(B57600)
        case .b115200: return speed_t(B115200)
        }
    }

    /// Seconds to send `count` bytes at 8N1 (10 bit times per byte).
    public func seconds(forBytes count: Int) -> Double {
        Double(count * 10) / Double(rawValue)
    }
}
