/// A bidirectional byte stream with a receive timeout: a serial port, one
/// end of a pty, or a test double. The link layer speaks through this.
public protocol ByteChannel: AnyObject, Sendable {
    /// Writes every byte, or throws.
    func send(_ bytes: [UInt8]) throws(SerialLinkError)
    /// Waits up to `timeout` for bytes and returns those available (at most
    /// `maximum`); an empty array when the time passed with none.
    ///
    /// - Throws: when the line is gone (the other side closed, the device was unplugged).
    func receive(maximum: Int, timeout: Duration) throws(SerialLinkError) -> [UInt8]
}
