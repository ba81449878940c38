import Foundation

/// Two connected in-memory byte channels: what one sends, the other
/// receives, instantly and without loss. For benchmarks, demos and tests
/// that do not need a real line.
public final class MemoryLine: ByteChannel, @unchecked Sendable {
    private let condition = NSCondition()
    private var inbox: [UInt8] = []
    private weak var peer: MemoryLine?

    private init() {}

    /// A connected pair.
    public static func pair() -> (MemoryLine, MemoryLine) {
        let a = MemoryLine()
        let b = MemoryLine()
        a.peer = b
        b.peer = a
        return (a, b)
    }

    public func send(_ bytes: [UInt8]) throws(SerialLinkError) {
        guard let peer else { throw SerialLinkError("write: the other side is gone") }
        peer.condition.lock()
        peer.inbox += bytes
        peer.condition.broadcast()
        peer.condition.unlock()
    }

    public func receive(maximum: Int, timeout: Duration) throws(SerialLinkError) -> [UInt8] {
        let (seconds, attoseconds) = timeout.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while inbox.isEmpty {
            if peer == nil { throw SerialLinkError("read: the other side is gone") }
            if !condition.wait(until: deadline) { return [] }
        }
        let count = min(max(1, maximum), inbox.count)
        let bytes = Array(inbox.prefix(count))
        inbox.removeFirst(count)
        return bytes
    }
}
