#if canImport(Glibc)
import Glibc
#endif

/// A file-system call of a simulator failed: what, on which path, and the errno.
public struct SimulatorFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done.
    public var operation: String
    /// The path involved.
    public var path: String
    /// The errno, when the system gave one.
    public var errno: Int32?

    /// Creates an error.
    public init(_ operation: String, path: String, errno: Int32? = nil) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String {
        var text = "\(operation) \(path)"
        if let errno { text += ": " + String(cString: strerror(errno)) }
        return text
    }
}
