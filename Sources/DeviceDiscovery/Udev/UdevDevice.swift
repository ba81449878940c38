internal import CUdev

/// Owns one `struct udev_device`, released in deinit, and reads it into a ``SerialDevice``.
///
/// Parents returned by libudev belong to the child; they are only read while this
/// object is alive.
final class UdevDevice {
    /// The most udev properties copied into a ``SerialDevice``.
    static let maximumPropertyCount = 256
    /// The most parents walked looking for a driver.
    static let maximumParentDepth = 32

    let pointer: OpaquePointer

    /// Takes ownership of a device libudev returned, or returns nil for a null pointer.
    init?(adopting pointer: OpaquePointer?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    deinit {
        udev_device_unref(pointer)
    }

    /// The action of a monitor event (`add`, `remove`...), nil for enumerated devices.
    var action: String? { UdevString.read(udev_device_get_action(pointer)) }

    /// The device as a ``SerialDevice``, or nil when it has no device node.
    ///
    /// - Parameter devnodeOverride: a path to report instead of the kernel's device node
    ///   (a symlink through which the device was found).
    func serialDevice(devnodeOverride: String? = nil) -> SerialDevice? {
        withExtendedLifetime(self) {
            guard let devnode = devnodeOverride ?? UdevString.read(udev_device_get_devnode(pointer)),
                  let sysname = UdevString.read(udev_device_get_sysname(pointer))
            else { return nil }
            let properties = readProperties()
            let usb = udev_device_get_parent_with_subsystem_devtype(pointer, "usb", "usb_device")
            func usbAttribute(_ name: String) -> String? {
                guard let usb else { return nil }
                return UdevString.read(udev_device_get_sysattr_value(usb, name))?
                    .trimmingCharacters(in: " \n")
            }
            return SerialDevice(
                devnode: devnode,
                sysname: sysname,
                subsystem: UdevString.read(udev_device_get_subsystem(pointer)) ?? "",
                driver: properties["ID_USB_DRIVER"] ?? nearestDriver(),
                vendorID: (properties["ID_VENDOR_ID"] ?? usbAttribute("idVendor"))?.lowercased(),
                modelID: (properties["ID_MODEL_ID"] ?? usbAttribute("idProduct"))?.lowercased(),
                serial: properties["ID_SERIAL_SHORT"] ?? usbAttribute("serial"),
                properties: properties,
                sysfsPath: UdevString.read(udev_device_get_syspath(pointer))
            )
        }
    }

    private func readProperties() -> [String: String] {
        var properties: [String: String] = [:]
        var entry = udev_device_get_properties_list_entry(pointer)
        while let current = entry, properties.count < Self.maximumPropertyCount {
            if let name = UdevString.read(udev_list_entry_get_name(current), limit: 256) {
                properties[name] = UdevString.read(udev_list_entry_get_value(current)) ?? ""
            }
            entry = udev_list_entry_get_next(current)
        }
        return properties
    }

    /// The driver of the device, or of its nearest parent that has one (a tty itself
    /// rarely has a driver; its usb-serial port or platform device does).
    private func nearestDriver() -> String? {
        var current: OpaquePointer? = pointer
        var depth = 0
        while let device = current, depth < Self.maximumParentDepth {
            if let driver = UdevString.read(udev_device_get_driver(device)), !driver.isEmpty { return driver }
            current = udev_device_get_parent(device)
            depth += 1
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.unicodeScalars.contains($0) }),
              let last = scalars.lastIndex(where: { !set.unicodeScalars.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
