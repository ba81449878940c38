import Testing
@testable import DeviceDiscovery

@Suite("DeviceMatcher (pure)")
struct DeviceMatcherTests {
    static let ftdi = SerialDevice(devnode: "/dev/ttyUSB0", sysname: "ttyUSB0", driver: "ftdi_sio",
                                   vendorID: "0403", modelID: "6001")
    static let cp210x = SerialDevice(devnode: "/dev/ttyUSB1", sysname: "ttyUSB1", driver: "cp210x",
                                     vendorID: "10c4", modelID: "ea60")
    static let simulated = SerialDevice(devnode: "/tmp/sim/ttyIR0", sysname: "ttyIR0")
    static let nested = SerialDevice(devnode: "/tmp/sim/deeper/ttyIR0", sysname: "ttyIR0")

    struct Case: Sendable, CustomTestStringConvertible {
        let rule: DeviceRule
        let device: SerialDevice
        let matches: Bool
        var testDescription: String { "\(rule) vs \(device.devnode) → \(matches)" }
    }

    @Test(arguments: [
        Case(rule: DeviceRule(vendorID: "0403", modelID: "6001"), device: ftdi, matches: true),
        Case(rule: DeviceRule(vendorID: "0403", modelID: "6001"), device: cp210x, matches: false),
        Case(rule: DeviceRule(vendorID: "10C4"), device: cp210x, matches: true),
        Case(rule: DeviceRule(modelID: "6001"), device: simulated, matches: false),
        Case(rule: DeviceRule(driver: "ftdi_sio"), device: ftdi, matches: true),
        Case(rule: DeviceRule(driver: "ftdi"), device: ftdi, matches: false),
        Case(rule: DeviceRule(devnodePattern: "/dev/ttyUSB*"), device: cp210x, matches: true),
        Case(rule: DeviceRule(devnodePattern: "/dev/ttyUSB[1-3]"), device: ftdi, matches: false),
        Case(rule: DeviceRule(devnodePattern: "/tmp/*/ttyIR?"), device: simulated, matches: true),
        Case(rule: DeviceRule(devnodePattern: "/tmp/*/ttyIR*"), device: nested, matches: false),
        Case(rule: DeviceRule(driver: "ftdi_sio", devnodePattern: "/dev/ttyUSB*"), device: cp210x, matches: false),
        Case(rule: DeviceRule(name: "everything"), device: ftdi, matches: false),
    ])
    func matchesRule(_ test: Case) {
        #expect(DeviceMatcher.matches(test.rule, test.device) == test.matches)
        #expect((DeviceMatcher.matches([test.rule], test.device) != nil) == test.matches)
    }

    @Test func firstMatchingRuleWins() {
        let rules = [
            DeviceRule(vendorID: "10c4", name: "silabs"),
            DeviceRule(devnodePattern: "/dev/ttyUSB*", name: "any-usb"),
            DeviceRule(driver: "ftdi_sio", name: "ftdi"),
        ]
        #expect(DeviceMatcher.matches(rules, Self.ftdi)?.name == "any-usb")
        #expect(DeviceMatcher.matches(rules, Self.cp210x)?.name == "silabs")
        #expect(DeviceMatcher.matches(rules, Self.simulated) == nil)
    }
}
