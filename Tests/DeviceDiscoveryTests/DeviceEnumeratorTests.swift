import Testing
@testable import DeviceDiscovery

@Suite("DeviceEnumerator (real libudev)")
struct DeviceEnumeratorTests {
    @Test func enumeratesRealTtyDevices() throws {
        let devices = try DeviceEnumerator().ttyDevices()
        print("enumerated \(devices.count) tty devices through libudev, e.g. \(devices.prefix(3).map(\.devnode))")
        #expect(devices.count <= DeviceEnumerator.maximumDeviceCount)
        #expect(devices.allSatisfy { $0.subsystem == "tty" && $0.devnode.hasPrefix("/dev/") && !$0.sysname.isEmpty })
        let wellKnown = devices.filter { ["tty0", "ptmx", "tty"].contains($0.sysname) }
        #expect(!wellKnown.isEmpty, "expected tty0, tty or ptmx among \(devices.map(\.sysname))")
        #expect(wellKnown.allSatisfy { $0.devnode == "/dev/" + $0.sysname && $0.sysfsPath?.hasPrefix("/sys/") == true })
    }

    @Test func readsDeviceByPathThroughItsNumber() throws {
        let device = try #require(try DeviceEnumerator().device(atPath: "/dev/ptmx"))
        #expect(device.sysname == "ptmx")
        #expect(device.subsystem == "tty")
        #expect(device.properties["DEVNAME"] == "/dev/ptmx")
    }

    @Test func ptyBehindSymlinkIsKnownByPathOnly() throws {
        let dongle = try PtyDongle()
        let device = try #require(try DeviceEnumerator().device(atPath: dongle.linkPath))
        #expect(device.devnode == dongle.linkPath)
        #expect(device.sysname == "ttyIR0")
        #expect(device.sysfsPath == nil)
    }

    @Test func nonDevicePathIsNil() throws {
        #expect(try DeviceEnumerator().device(atPath: "/etc/hostname") == nil)
        #expect(try DeviceEnumerator().device(atPath: "/nonexistent/ttyIR9") == nil)
    }
}
