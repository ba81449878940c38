#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import DeviceDiscovery

@Suite("HotplugMonitor without sysfs writes")
struct HotplugMonitorTests {
    @Test func automaticPicksUdevWhenControlSocketExists() throws {
        var template = Array("/tmp/discovery-control-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        try #require(descriptor >= 0)
        let path = string(fromCString: template)
        defer { close(descriptor); unlink(path) }
        #expect(HotplugSource.automatic.resolved(udevControlPath: path).source == .udev)
        #expect(HotplugSource.automatic.resolved(udevControlPath: path + ".absent").source == .kernel)
        #expect(HotplugSource.kernel.resolved(udevControlPath: path).source == .kernel)
        #expect(HotplugSource.udev.resolved(udevControlPath: path + ".absent").source == .udev)
    }

    @Test func automaticOnThisMachineMatchesUdevdPresence() throws {
        let monitor = try HotplugMonitor(source: .automatic, receiveBufferSize: 1 << 20)
        let udevdRuns = access(HotplugSource.udevControlPath, F_OK) == 0
        print("hot-plug source in use here: \(monitor.source) (\(monitor.sourceReason))")
        #expect(monitor.source == (udevdRuns ? .udev : .kernel))
    }

    @Test func udevMonitorTimesOutWithinBound() throws {
        let monitor = try HotplugMonitor(source: .udev)
        let clock = ContinuousClock()
        let start = clock.now
        let event = try monitor.nextEvent(timeout: .milliseconds(200))
        let elapsed = start.duration(to: clock.now)
        if let event {
            #expect(event.source == .udev)
        } else {
            #expect(elapsed >= .milliseconds(200))
        }
        #expect(elapsed < .seconds(2))
    }

    @Test(arguments: [0, 100, 128 << 20])
    func rejectsReceiveBufferOutOfBounds(_ size: Int) {
        #expect {
            try HotplugMonitor(source: .kernel, receiveBufferSize: size)
        } throws: { error in
            (error as? DeviceDiscoveryError)?.code == .invalidArgument
        }
    }

    @Test(arguments: [Duration.milliseconds(-1), .seconds(3601)])
    func rejectsTimeoutOutOfBounds(_ timeout: Duration) throws {
        let monitor = try HotplugMonitor(source: .kernel)
        #expect {
            try monitor.nextEvent(timeout: timeout)
        } throws: { error in
            (error as? DeviceDiscoveryError)?.code == .invalidArgument
        }
    }

    @Test func millisecondsRoundUp() {
        #expect(HotplugMonitor.milliseconds(.zero) == 0)
        #expect(HotplugMonitor.milliseconds(.milliseconds(-5)) == 0)
        #expect(HotplugMonitor.milliseconds(.microseconds(1)) == 1)
        #expect(HotplugMonitor.milliseconds(.milliseconds(1500)) == 1500)
        #expect(HotplugMonitor.milliseconds(.seconds(Int64.max)) == Int32.max)
    }
}
