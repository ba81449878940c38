import Foundation

/// A burst of bytes written to one side of the link with no gap longer than
/// about two character times: the unit of frame loss.
struct Burst: Sendable {
    var direction: IRLinkDirection
    var bytes: [UInt8]
}

/// The bursts waiting for air time, in arrival order, bounded by their total size
/// (a full queue makes the readers wait, as a full UART buffer would).
/// All state is guarded by `condition`.
final class BurstQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var bursts: [Burst] = []
    private var queuedBytes = 0
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a burst, waiting up to `timeout` for room; false when there was none.
    func push(_ burst: Burst, timeout: Duration) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds(timeout))
        while queuedBytes > 0 && queuedBytes + burst.bytes.count > capacity {
            guard condition.wait(until: deadline) else { return false }
        }
        bursts.append(burst)
        queuedBytes += burst.bytes.count
        condition.broadcast()
        return true
    }

    /// Takes the oldest burst, waiting up to `timeout` for one.
    func pop(timeout: Duration) -> Burst? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds(timeout))
        while bursts.isEmpty {
            guard condition.wait(until: deadline) else { return nil }
        }
        let burst = bursts.removeFirst()
        queuedBytes -= burst.bytes.count
        condition.broadcast()
        return burst
    }

    private func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
