import Microbilling

/// Whether the terminal's clock can be believed. Offers carry its time, and
/// credentials and clearing judge purchases by it, so a clock that went
/// backwards, or that has not been set from a trusted source for too long,
/// is flagged (paper: the merchant's state is only as good as its clock).
public struct ClockGuard: Sendable, Hashable {
    /// What the guard thinks of a reading.
    public enum Verdict: Sendable, Hashable {
        /// Plausible.
        case trusted
        /// Earlier than a time this terminal already used, by this many seconds.
        case wentBackwards(seconds: Int64)
        /// Not synchronised for this many seconds, more than allowed.
        case unsynchronised(seconds: Int64)
    }

    /// The last time the clock was set from a trusted source (a gateway contact).
    public var lastSynchronised: UTCTime
    /// The latest time the terminal used (its newest journal entry).
    public var latestUsed: UTCTime
    /// How long the clock may run without a synchronisation.
    public var maximumUnsynchronised: Int64
    /// How far back a reading may be before it counts as a jump.
    public var tolerance: Int64

    /// Creates a guard.
    public init(lastSynchronised: UTCTime, latestUsed: UTCTime, maximumUnsynchronised: Int64 = 7 * 86_400, tolerance: Int64 = 120) {
        self.lastSynchronised = lastSynchronised
        self.latestUsed = latestUsed
        self.maximumUnsynchronised = maximumUnsynchronised
        self.tolerance = tolerance
    }

    /// Judges a reading of the clock and remembers it as used when trusted.
    public mutating func check(_ now: UTCTime) -> Verdict {
        let back = latestUsed.secondsSince1970 - now.secondsSince1970
        if back > tolerance { return .wentBackwards(seconds: back) }
        let unsynchronised = now.secondsSince1970 - lastSynchronised.secondsSince1970
        if unsynchronised > maximumUnsynchronised || unsynchronised < -tolerance {
            return .unsynchronised(seconds: unsynchronised)
        }
        latestUsed = max(latestUsed, now)
        return .trusted
    }
}
