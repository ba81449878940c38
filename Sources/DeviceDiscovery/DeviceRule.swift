/// A configurable rule saying which serial devices are wanted, and for what.
///
/// Every constraint present must hold; absent constraints match anything. A rule with
/// no constraint at all matches nothing (the text form rejects it). The text form is
/// described at ``DeviceRule/init(parsing:line:)``.
public struct DeviceRule: Sendable, Hashable {
    /// USB vendor id, four hexadecimal digits (compared case-insensitively).
    public var vendorID: String?
    /// USB product (model) id, four hexadecimal digits (compared case-insensitively).
    public var modelID: String?
    /// Kernel driver name, e.g. `ftdi_sio`, `cp210x`, `ir-usb`.
    public var driver: String?
    /// A glob (fnmatch(3), `*` does not cross `/`) on the device path, e.g. `/dev/ttyUSB*`
    /// or `/tmp/sim/ttyIR*`.
    public var devnodePattern: String?
    /// A name for logs and configuration, e.g. `front-ir`.
    public var name: String?
    /// What the device is for, e.g. `ir-dongle` or `vending-controller`.
    public var role: String?

    /// Creates a rule.
    public init(
        vendorID: String? = nil, modelID: String? = nil, driver: String? = nil,
        devnodePattern: String? = nil, name: String? = nil, role: String? = nil
    ) {
        self.vendorID = vendorID
        self.modelID = modelID
        self.driver = driver
        self.devnodePattern = devnodePattern
        self.name = name
        self.role = role
    }

    /// Whether the rule has none of vendor, model, driver or devnode (and so matches nothing).
    public var isUnconstrained: Bool {
        vendorID == nil && modelID == nil && driver == nil && devnodePattern == nil
    }
}
