/// The last few entries of a cache keyed by bytes, found by comparing the
/// bytes, without hashing them.
///
/// A KeyNote check meets the same handful of principals again and again
/// (the payer's key, the merchant's), whose texts are hundreds of bytes:
/// comparing such a text with a few others (`memcmp`, which stops at the
/// first difference) costs much less than hashing it. Entries are replaced
/// in turn once `capacity` is reached.
struct RecentEntries<Value> {
    private var entries: [(bytes: [UInt8], value: Value)] = []
    private var nextReplaced = 0
    private let capacity: Int

    /// Holds at most `capacity` entries (at least 1).
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// The value remembered for `bytes`, if any.
    func value(for bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        // Entries are read in place: a loop variable would copy each one,
        // counting a reference to its bytes and to its value.
        entries.withUnsafeBufferPointer { entries in
            for index in entries.indices where entries[index].bytes.hasSameBytes(as: bytes) {
                return entries[index].value
            }
            return nil
        }
    }

    /// Remembers `value` for `bytes`, replacing the oldest entry when full.
    mutating func remember(_ value: Value, for bytes: [UInt8]) {
        if let index = entries.firstIndex(where: { $0.bytes.hasSameBytes(as: bytes) }) {
            entries[index].value = value
        } else if entries.count < capacity {
            entries.append((bytes, value))
        } else {
            entries[nextReplaced] = (bytes, value)
            nextReplaced = (nextReplaced + 1) % capacity
        }
    }

    mutating func removeAll() {
        entries.removeAll()
        nextReplaced = 0
    }
}
