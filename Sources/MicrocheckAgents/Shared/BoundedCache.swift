import Synchronization

/// Values by wire id, at most `capacity` of them, the oldest going first:
/// what both sides keep between contacts (the merchant's credentials, the
/// payer's merchant cards). Safe to share between threads.
final class BoundedCache<Value: Sendable>: Sendable {
    /// The most values kept.
    let capacity: Int
    private let state = Mutex<(values: [[UInt8]: Value], order: [[UInt8]])>(([:], []))

    /// An empty cache of at most `capacity` values (at least one).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The value kept under `id`.
    subscript(id: [UInt8]) -> Value? {
        state.withLock { $0.values[id] }
    }

    /// Keeps `value` under `id`; returns the ids evicted to make room.
    @discardableResult
    func insert(_ value: Value, id: [UInt8]) -> [[UInt8]] {
        state.withLock { state in
            if state.values.updateValue(value, forKey: id) == nil { state.order.append(id) }
            var evicted: [[UInt8]] = []
            while state.order.count > capacity {
                let oldest = state.order.removeFirst()
                state.values[oldest] = nil
                evicted.append(oldest)
            }
            return evicted
        }
    }
}
