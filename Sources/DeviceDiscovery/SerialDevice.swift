/// A serial-class device as discovered: a tty from libudev, or a device path found
/// through a rule's devnode pattern (for example a symlink to a pty).
///
/// Identifiers are as read: `vendorID` and `modelID` are lowercase hexadecimal
/// (`"0403"`), from the udev properties `ID_VENDOR_ID`/`ID_MODEL_ID` when udevd has
/// initialized the device, otherwise from the `idVendor`/`idProduct` attributes of the
/// nearest parent USB device.
public struct SerialDevice: Sendable, Hashable {
    /// The path to open, e.g. `/dev/ttyUSB0`, or the symlink path a pattern found.
    public var devnode: String
    /// The kernel name, e.g. `ttyUSB0`.
    public var sysname: String
    /// The kernel subsystem, `tty` for everything this library finds.
    public var subsystem: String
    /// The driver bound to the device or its nearest parent that has one, e.g. `ftdi_sio`.
    public var driver: String?
    /// The USB vendor id, lowercase hexadecimal.
    public var vendorID: String?
    /// The USB product (model) id, lowercase hexadecimal.
    public var modelID: String?
    /// The serial number, when the device or its USB parent reports one.
    public var serial: String?
    /// The udev properties of the device, as read (bounded in count and size).
    public var properties: [String: String]
    /// The device's path under /sys, when it has one (ptys do not).
    public var sysfsPath: String?

    /// Creates a device description.
    public init(
        devnode: String, sysname: String, subsystem: String = "tty", driver: String? = nil,
        vendorID: String? = nil, modelID: String? = nil, serial: String? = nil,
        properties: [String: String] = [:], sysfsPath: String? = nil
    ) {
        self.devnode = devnode
        self.sysname = sysname
        self.subsystem = subsystem
        self.driver = driver
        self.vendorID = vendorID
        self.modelID = modelID
        self.serial = serial
        self.properties = properties
        self.sysfsPath = sysfsPath
    }
}
