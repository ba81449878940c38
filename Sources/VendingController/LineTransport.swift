/// How ``VendingControllerHost`` reaches a controller: one line out, one line in.
/// Implementations do the I/O (a serial port, a pty, a test double); the host does none.
public protocol LineTransport {
    /// Sends `line` followed by `\n` (`line` itself has no line end).
    func send(_ line: String) throws
    /// Waits up to `timeout` for the next complete line (without its line end);
    /// nil when the time passed without one.
    func receiveLine(timeout: Duration) throws -> String?
}
