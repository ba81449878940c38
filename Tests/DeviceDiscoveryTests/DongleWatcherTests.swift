import Testing
@testable import DeviceDiscovery

@Suite("DongleWatcher (pure parts)")
struct DongleWatcherTests {
    @Test func literalDirectoryOfPatterns() {
        #expect(DongleWatcher.literalDirectory(of: "/tmp/sim/ttyIR*") == "/tmp/sim")
        #expect(DongleWatcher.literalDirectory(of: "/ttyIR*") == "/")
        #expect(DongleWatcher.literalDirectory(of: "/dev/*/tty*") == nil)
        #expect(DongleWatcher.literalDirectory(of: "ttyIR*") == nil)
    }
}
