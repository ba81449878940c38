/// Where a ``HotplugMonitor`` takes its events from.
public enum HotplugSource: String, Sendable, Hashable, CaseIterable {
    /// udevd's netlink group: events after udevd has processed them (with `ID_*`
    /// properties and symlinks). Receives nothing when no udevd runs.
    case udev
    /// The kernel's netlink group: raw uevents, as soon as the kernel sends them, with
    /// no udev properties. Works with or without udevd.
    case kernel
    /// `udev` when udevd runs (its control socket exists), otherwise `kernel`.
    case automatic

    /// The path whose existence says udevd runs.
    public static let udevControlPath = "/run/udev/control"

    /// The concrete source for this choice and a sentence saying why.
    ///
    /// - Parameter udevControlPath: where udevd's control socket would be (a parameter
    ///   so that tests can point it elsewhere).
    func resolved(udevControlPath: String = HotplugSource.udevControlPath) -> (source: HotplugSource, reason: String) {
        switch self {
        case .udev: return (.udev, "udev source requested")
        case .kernel: return (.kernel, "kernel source requested")
        case .automatic:
            if Syscalls.exists(udevControlPath) {
                return (.udev, "udevd runs (\(udevControlPath) exists)")
            }
            return (.kernel, "no udevd (\(udevControlPath) absent): kernel uevents")
        }
    }
}
