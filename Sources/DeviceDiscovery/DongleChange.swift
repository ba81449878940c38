/// A wanted device that appeared: its path to open, what it is, which rule wanted it.
public struct DongleArrival: Sendable, Hashable {
    /// The path to open: the device node, or the symlink a devnode pattern found.
    public var path: String
    /// The device as discovered.
    public var device: SerialDevice
    /// The first rule the device matched.
    public var rule: DeviceRule
    /// The hot-plug event after which it was found; nil when found by
    /// ``DongleWatcher/present()``.
    public var trigger: HotplugEvent?

    /// Creates an arrival.
    public init(path: String, device: SerialDevice, rule: DeviceRule, trigger: HotplugEvent?) {
        self.path = path
        self.device = device
        self.rule = rule
        self.trigger = trigger
    }
}

/// A change a ``DongleWatcher`` reports.
public enum DongleChange: Sendable, Hashable {
    /// A wanted device appeared: open ``DongleArrival/path``.
    case arrived(DongleArrival)
    /// A device reported earlier went away (removed, or its path no longer exists).
    case departed(path: String, rule: DeviceRule)
}
