#if canImport(Glibc)
import Glibc
#endif

/// An error of a serial line: what failed, on which device, and the system's errno.
public struct SerialLinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done.
    public var operation: String
    /// The device path, when known.
    public var device: String?
    /// The errno, when the system gave one.
    public var errno: Int32?

    /// Creates an error.
    public init(_ operation: String, device: String? = nil, errno: Int32? = nil) {
        self.operation = operation
        self.device = device
        self.errno = errno
    }

    public var description: String {
        var text = operation
        if let device { text += " on \(device)" }
        if let errno { text += ": " + String(cString: strerror(errno)) }
        return text
    }
}
