internal import CUdev

/// Owns one libudev context (`struct udev`), released in deinit.
final class UdevContext {
    let pointer: OpaquePointer

    init() throws(DeviceDiscoveryError) {
        guard let pointer = udev_new() else {
            throw DeviceDiscoveryError(.udevUnavailable, "udev_new returned no context")
        }
        self.pointer = pointer
    }

    deinit {
        udev_unref(pointer)
    }
}
