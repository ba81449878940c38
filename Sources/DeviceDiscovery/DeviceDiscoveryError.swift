#if canImport(Glibc)
import Glibc
#endif

/// An error of device discovery: what kind of failure, why, and the system's errno
/// when libudev or a system call gave one.
public struct DeviceDiscoveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The name of the code, stable for logs.
        public let name: String

        private init(_ name: String) { self.name = name }

        /// libudev could not create a context.
        public static let udevUnavailable = Code("udevUnavailable")
        /// Enumerating devices failed.
        public static let enumerationFailed = Code("enumerationFailed")
        /// Creating, configuring or enabling a netlink monitor failed.
        public static let monitorFailed = Code("monitorFailed")
        /// Waiting on or receiving from a monitor failed.
        public static let receiveFailed = Code("receiveFailed")
        /// An argument was outside its documented bounds.
        public static let invalidArgument = Code("invalidArgument")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence saying what failed.
    public var reason: String
    /// The errno, when the system gave one.
    public var errno: Int32?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, errno: Int32? = nil) {
        self.code = code
        self.reason = reason
        self.errno = errno
    }

    public var description: String {
        var text = "\(code): \(reason)"
        if let errno { text += " (" + String(cString: strerror(errno)) + ")" }
        return text
    }
}
