internal import CUdev

/// Owns one `struct udev_monitor`, released in deinit.
final class UdevMonitor {
    let pointer: OpaquePointer
    /// Kept alive while the monitor is.
    private let context: UdevContext

    /// A monitor on the netlink group `group` (`"udev"` or `"kernel"`), not yet receiving.
    init(context: UdevContext, group: String) throws(DeviceDiscoveryError) {
        guard let pointer = udev_monitor_new_from_netlink(context.pointer, group) else {
            throw DeviceDiscoveryError(.monitorFailed, "udev_monitor_new_from_netlink(\(group)) returned nothing")
        }
        self.pointer = pointer
        self.context = context
    }

    deinit {
        udev_monitor_unref(pointer)
    }

    func filter(subsystem: String) throws(DeviceDiscoveryError) {
        let result = udev_monitor_filter_add_match_subsystem_devtype(pointer, subsystem, nil)
        guard result >= 0 else {
            throw DeviceDiscoveryError(.monitorFailed, "udev_monitor_filter_add_match_subsystem_devtype(\(subsystem))", errno: -result)
        }
    }

    func setReceiveBufferSize(_ size: Int32) throws(DeviceDiscoveryError) {
        let result = udev_monitor_set_receive_buffer_size(pointer, size)
        guard result >= 0 else {
            throw DeviceDiscoveryError(.monitorFailed, "udev_monitor_set_receive_buffer_size(\(size))", errno: -result)
        }
    }

    func enableReceiving() throws(DeviceDiscoveryError) {
        let result = udev_monitor_enable_receiving(pointer)
        guard result >= 0 else {
            throw DeviceDiscoveryError(.monitorFailed, "udev_monitor_enable_receiving", errno: -result)
        }
    }

    /// The monitor's socket, for poll(2).
    var fileDescriptor: Int32 { udev_monitor_get_fd(pointer) }

    /// The next queued device, or nil when none is queued or it was filtered out.
    func receive() -> UdevDevice? {
        UdevDevice(adopting: udev_monitor_receive_device(pointer))
    }
}
