import Foundation
import Microbilling
import MicrocheckAgents

/// The terminal's clock behind a ``ClockGuard``: every reading is judged,
/// and a reading the guard distrusts is reported (and still used: the offer
/// carries it, and clearing judges the deposit window).
final class GuardedClock: @unchecked Sendable {
    private var guardian: ClockGuard
    private let lock = NSLock()
    private let report: @Sendable (ClockGuard.Verdict) -> Void

    init(_ guardian: ClockGuard, report: @escaping @Sendable (ClockGuard.Verdict) -> Void) {
        self.guardian = guardian
        self.report = report
    }

    /// The current UTC time, judged.
    func read() -> UTCTime {
        let now = UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
        let verdict = lock.withLock { guardian.check(now) }
        if verdict != .trusted { report(verdict) }
        return now
    }
}
