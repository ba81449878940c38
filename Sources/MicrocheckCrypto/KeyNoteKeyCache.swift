import Synchronization

/// A process-wide cache of decoded public keys, keyed by principal text, used
/// by `KeyNoteKey.parse` so that the same principal (RFC 2704 section 4.5.2)
/// met again in later assertions is not decoded again.
///
/// Bounded to `capacity` entries, with approximately least-recently-used
/// eviction: entries live in two generations of up to `capacity / 2` each; a
/// hit in the older generation moves the entry to the newer one, and when the
/// newer one is full it becomes the older one (the previous older generation
/// is dropped). The last few keys found are also compared byte for byte
/// before any hashing (`RecentEntries`). On by default; thread-safe.
public enum KeyNoteKeyCache {
    /// The most keys held at once.
    public static let capacity = 4096

    /// How many of the last keys found are compared before any hashing.
    static let recentCapacity = 8

    private static let enabled = Atomic<Bool>(true)
    private static let storage = Mutex(State())

    /// The keys held, and the last few found, which a lookup compares
    /// first (see `RecentEntries`).
    private struct State {
        var recent = RecentEntries<KeyNoteKey>(capacity: recentCapacity)
        var generations = GenerationalCache<PrincipalText, KeyNoteKey>(capacity: capacity)

        mutating func value(for text: UnsafeBufferPointer<UInt8>) -> KeyNoteKey? {
            if let key = recent.value(for: text) {
                return key
            }
            // Copied only when the recent entries miss.
            let bytes = Array(text)
            guard let key = generations.value(for: PrincipalText(bytes: bytes)) else { return nil }
            recent.remember(key, for: bytes)
            return key
        }

        mutating func insert(_ key: KeyNoteKey, for text: UnsafeBufferPointer<UInt8>) {
            let bytes = Array(text)
            generations.insert(key, for: PrincipalText(bytes: bytes))
            recent.remember(key, for: bytes)
        }

        mutating func removeAll() {
            recent.removeAll()
            generations.removeAll()
        }
    }

    /// Whether `KeyNoteKey.parse` consults and fills the cache. Turning it off
    /// does not empty it.
    public static var isEnabled: Bool {
        get { enabled.load(ordering: .relaxed) }
        set { enabled.store(newValue, ordering: .relaxed) }
    }

    /// Empties the cache.
    public static func removeAll() {
        storage.withLock { $0.removeAll() }
    }

    /// How many keys the cache holds now.
    public static var count: Int {
        storage.withLock { $0.generations.count }
    }

    static func lookup(_ text: UnsafeBufferPointer<UInt8>) -> KeyNoteKey? {
        guard isEnabled else { return nil }
        let borrowed = BorrowedBytes(buffer: text)
        return storage.withLock { $0.value(for: borrowed.buffer) }
    }

    static func insert(_ key: KeyNoteKey, for text: UnsafeBufferPointer<UInt8>) {
        guard isEnabled else { return }
        let borrowed = BorrowedBytes(buffer: text)
        storage.withLock { $0.insert(key, for: borrowed.buffer) }
    }

    /// The caller's bytes, read under the lock during the call and copied
    /// before they are kept, so that no other thread ever sees the pointer.
    private struct BorrowedBytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
    }
}

/// A principal's text as a dictionary key, hashed in one pass over its bytes
/// (hashing `[UInt8]` directly feeds the hasher one byte at a time) and
/// compared with `memcmp`.
struct PrincipalText: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Same bytes, compared with `memcmp`.
    static func == (lhs: PrincipalText, rhs: PrincipalText) -> Bool {
        lhs.bytes.hasSameBytes(as: rhs.bytes)
    }
}

/// A bounded map with two-generation approximate LRU eviction (see
/// `KeyNoteKeyCache`).
struct GenerationalCache<Key: Hashable, Value> {
    private let generationLimit: Int
    private var newer: [Key: Value] = [:]
    private var older: [Key: Value] = [:]

    /// A cache holding at most `capacity` entries (at least 2).
    init(capacity: Int) {
        generationLimit = max(capacity / 2, 1)
    }

    /// Number of entries held.
    var count: Int { newer.count + older.count }

    /// The value for `key`, refreshing its recency.
    mutating func value(for key: Key) -> Value? {
        if let value = newer[key] {
            return value
        }
        guard let value = older.removeValue(forKey: key) else { return nil }
        insert(value, for: key)
        return value
    }

    /// Stores `value` as the most recent entry for `key`.
    mutating func insert(_ value: Value, for key: Key) {
        if newer[key] == nil, newer.count >= generationLimit {
            older = newer
            newer = [:]
        }
        newer[key] = value
        older.removeValue(forKey: key)
    }

    mutating func removeAll() {
        newer = [:]
        older = [:]
    }
}
