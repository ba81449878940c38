#if canImport(Glibc)
import Glibc
#endif

/// Decides which rule, if any, a device satisfies. Pure: no I/O, same answer for the
/// same input.
public enum DeviceMatcher {
    /// The first rule, in order, whose every constraint the device satisfies.
    ///
    /// Vendor and model ids compare case-insensitively; the driver compares exactly; the
    /// devnode pattern is an fnmatch(3) glob with `FNM_PATHNAME` (so `*` stops at `/`).
    /// A constraint on a property the device lacks fails. Unconstrained rules never match.
    public static func matches(_ rules: [DeviceRule], _ device: SerialDevice) -> DeviceRule? {
        rules.first { matches($0, device) }
    }

    /// Whether one rule matches the device (the same test as the list form applies to each rule).
    public static func matches(_ rule: DeviceRule, _ device: SerialDevice) -> Bool {
        guard !rule.isUnconstrained else { return false }
        if let vendor = rule.vendorID, vendor.lowercased() != device.vendorID?.lowercased() { return false }
        if let model = rule.modelID, model.lowercased() != device.modelID?.lowercased() { return false }
        if let driver = rule.driver, driver != device.driver { return false }
        if let pattern = rule.devnodePattern, !globMatches(pattern, device.devnode) { return false }
        return true
    }

    /// Whether `path` matches the glob `pattern` under fnmatch(3) with `FNM_PATHNAME`.
    static func globMatches(_ pattern: String, _ path: String) -> Bool {
        fnmatch(pattern, path, FNM_PATHNAME) == 0
    }
}
