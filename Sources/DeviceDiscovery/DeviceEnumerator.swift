#if canImport(Glibc)
import Glibc
#endif
internal import CUdev

/// Lists the tty devices the kernel knows, through libudev.
///
/// Works without udevd (devices are then uninitialized: no `ID_*` properties, and
/// vendor/model come from the USB parent's sysfs attributes).
public final class DeviceEnumerator {
    /// The most devices one enumeration returns.
    public static let maximumDeviceCount = 4096

    private let context: UdevContext

    /// Creates an enumerator with its own libudev context.
    public init() throws(DeviceDiscoveryError) {
        context = try UdevContext()
    }

    /// Every device of the `tty` subsystem that has a device node, in libudev's order,
    /// at most ``maximumDeviceCount``.
    public func ttyDevices() throws(DeviceDiscoveryError) -> [SerialDevice] {
        let enumeration = try UdevEnumeration(context: context)
        var devices: [SerialDevice] = []
        for syspath in try enumeration.syspaths(subsystem: "tty", limit: Self.maximumDeviceCount) {
            guard let device = UdevDevice(adopting: udev_device_new_from_syspath(context.pointer, syspath)),
                  let serial = device.serialDevice()
            else { continue }
            devices.append(serial)
        }
        return devices
    }

    /// The device at `path` (a device node or a symlink to one), or nil when `path` is
    /// not a character device.
    ///
    /// When libudev knows the device number, its properties are read and `devnode` is
    /// `path` as given; otherwise (a pty has no sysfs entry) only the path and its last
    /// component are known.
    public func device(atPath path: String) -> SerialDevice? {
        guard let number = Syscalls.characterDevice(at: path) else { return nil }
        let known = UdevDevice(adopting: udev_device_new_from_devnum(context.pointer, CChar(UInt8(ascii: "c")), number))
        if let device = known?.serialDevice(devnodeOverride: path) { return device }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return SerialDevice(devnode: path, sysname: name)
    }
}
