internal import CUdev

/// Owns one `struct udev_enumerate`, released in deinit.
final class UdevEnumeration {
    let pointer: OpaquePointer
    /// Kept alive while the enumeration is.
    private let context: UdevContext

    init(context: UdevContext) throws(DeviceDiscoveryError) {
        guard let pointer = udev_enumerate_new(context.pointer) else {
            throw DeviceDiscoveryError(.enumerationFailed, "udev_enumerate_new returned nothing")
        }
        self.pointer = pointer
        self.context = context
    }

    deinit {
        udev_enumerate_unref(pointer)
    }

    /// The sysfs paths of the devices of `subsystem`, at most `limit` of them.
    func syspaths(subsystem: String, limit: Int) throws(DeviceDiscoveryError) -> [String] {
        let matched = udev_enumerate_add_match_subsystem(pointer, subsystem)
        guard matched >= 0 else {
            throw DeviceDiscoveryError(.enumerationFailed, "udev_enumerate_add_match_subsystem(\(subsystem))", errno: -matched)
        }
        let scanned = udev_enumerate_scan_devices(pointer)
        guard scanned >= 0 else {
            throw DeviceDiscoveryError(.enumerationFailed, "udev_enumerate_scan_devices", errno: -scanned)
        }
        var paths: [String] = []
        var entry = udev_enumerate_get_list_entry(pointer)
        while let current = entry, paths.count < limit {
            if let path = UdevString.read(udev_list_entry_get_name(current)) { paths.append(path) }
            entry = udev_list_entry_get_next(current)
        }
        return paths
    }
}
