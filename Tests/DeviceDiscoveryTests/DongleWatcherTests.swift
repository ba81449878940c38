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

    @Test func presentFindsEnumeratedTtyAndPatternDongleOnce() throws {
        let dongle = try PtyDongle()
        let rules = [
            DeviceRule(devnodePattern: dongle.directory + "/ttyIR*", name: "sim-ir"),
            DeviceRule(devnodePattern: "/dev/tty63", name: "console-63"),
        ]
        let watcher = try DongleWatcher(rules: rules, monitor: HotplugMonitor(source: .kernel))
        let found = try watcher.present()
        #expect(found.map(\.path).sorted() == ["/dev/tty63", dongle.linkPath].sorted())
        #expect(found.allSatisfy { $0.trigger == nil })
        #expect(found.first { $0.path == "/dev/tty63" }?.device.sysfsPath?.hasSuffix("/tty63") == true)
        #expect(try watcher.present().isEmpty, "tracked devices are reported once")
    }
}
