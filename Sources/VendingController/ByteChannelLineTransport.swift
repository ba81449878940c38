import SerialLink
import Synchronization
import VendingController

/// A ``LineTransport`` over a ``ByteChannel``: the host side of the controller
/// protocol on a serial port or pty. Overlong and stray lines are bounded by a
/// ``LineAssembler``; at most ``maximumPendingLines`` unread lines are kept.
public final class ByteChannelLineTransport: LineTransport, Sendable {
    /// The most complete lines kept unread; older ones are dropped first.
    public static let maximumPendingLines = 64

    private struct Reader {
        var assembler = LineAssembler()
        var pending: [String] = []
    }

    /// The channel lines travel on.
    public let channel: any ByteChannel
    private let reader = Mutex(Reader())

    /// Creates a transport over `channel`.
    public init(channel: any ByteChannel) {
        self.channel = channel
    }

    /// Sends `line` and a `\n`.
    public func send(_ line: String) throws {
        try channel.send(Array((line + "\n").utf8))
    }

    /// The next line within `timeout`, or nil. Overlong lines are skipped.
    public func receiveLine(timeout: Duration) throws -> String? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        if let line = takePendingLine() { return line }
        while true {
            let remaining = max(.zero, clock.now.duration(to: deadline))
            let bytes = try channel.receive(maximum: 256, timeout: remaining)
            reader.withLock { reader in
                for case .line(let line) in reader.assembler.append(bytes) {
                    reader.pending.append(line)
                    if reader.pending.count > Self.maximumPendingLines { reader.pending.removeFirst() }
                }
            }
            if let line = takePendingLine() { return line }
            if remaining == .zero { return nil }
        }
    }

    private func takePendingLine() -> String? {
        reader.withLock { $0.pending.isEmpty ? nil : $0.pending.removeFirst() }
    }
}
