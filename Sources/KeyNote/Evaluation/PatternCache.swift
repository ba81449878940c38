import Synchronization

/// Compiled `~=` patterns, shared by every query of the process.
///
/// Policies and credentials use the same few patterns on every check, and
/// compiling one with the C library costs several microseconds, more than the
/// rest of a typical Conditions field. The cache holds at most ``capacity``
/// patterns and is emptied when full: glibc keeps the matching states it builds
/// inside a compiled pattern (up to about 15 MiB for the worst pattern the
/// ``RegexLimits`` allow), so the cache stays small. Patterns are cached with
/// the limits they were checked against, so a query with other limits
/// compiles its own.
enum PatternCache {
    /// The most patterns kept.
    static let capacity = 32

    private struct Key: Hashable {
        var pattern: ByteString
        var limits: RegexLimits
    }

    private static let entries = Mutex<[Key: POSIXRegex]>([:])

    /// The compiled pattern, from the cache or compiled now.
    static func regex(_ pattern: [UInt8], limits: RegexLimits) throws(RegexError) -> POSIXRegex {
        let key = Key(pattern: ByteString(pattern), limits: limits)
        if let cached = entries.withLock({ $0[key] }) {
            return cached
        }
        let compiled = try POSIXRegex(bytes: pattern, limits: limits)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = compiled
        }
        return compiled
    }
}
