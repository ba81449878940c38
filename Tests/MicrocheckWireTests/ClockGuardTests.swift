import Microbilling
import MicrocheckAgents
import Testing

@Suite struct ClockGuardTests {
    static let synced = UTCTime(secondsSince1970: 1_800_000_000)

    @Test func aClockThatGoesBackIsFlagged() {
        var guardian = ClockGuard(lastSynchronised: Self.synced, latestUsed: Self.synced)
        #expect(guardian.check(Self.synced.adding(seconds: 3600)) == .trusted)
        // Control: a small step back within the tolerance.
        #expect(guardian.check(Self.synced.adding(seconds: 3500)) == .trusted)
        #expect(guardian.check(Self.synced.adding(seconds: 60)) == .wentBackwards(seconds: 3540))
    }

    @Test func aClockNotSynchronisedForTooLongIsFlagged() {
        var guardian = ClockGuard(lastSynchronised: Self.synced, latestUsed: Self.synced, maximumUnsynchronised: 86_400)
        #expect(guardian.check(Self.synced.adding(seconds: 86_400)) == .trusted)
        #expect(guardian.check(Self.synced.adding(seconds: 86_401)) == .unsynchronised(seconds: 86_401))
        #expect(guardian.check(Self.synced.adding(seconds: -86_400 * 365)) == .wentBackwards(seconds: 86_400 * 366))
    }
}
