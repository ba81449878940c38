/// One hot-plug event of a tty device, as received by a ``HotplugMonitor``.
public struct HotplugEvent: Sendable, Hashable {
    /// What happened to the device.
    public enum Action: Sendable, Hashable {
        /// The device appeared (or an `add` was written to its uevent file).
        case add
        /// The device went away.
        case remove
        /// The device changed.
        case change
        /// Any other kernel action (`move`, `bind`, `unbind`, `online`, `offline`).
        case other(String)

        /// The action named by a uevent's ACTION value.
        public init(_ name: String) {
            switch name {
            case "add": self = .add
            case "remove": self = .remove
            case "change": self = .change
            default: self = .other(name)
            }
        }
    }

    /// What happened.
    public var action: Action
    /// The device it happened to, as the event describes it.
    public var device: SerialDevice
    /// The monitor source that delivered the event (`.udev` or `.kernel`).
    public var source: HotplugSource

    /// Creates an event.
    public init(action: Action, device: SerialDevice, source: HotplugSource) {
        self.action = action
        self.device = device
        self.source = source
    }
}
