/// Watches for the IR dongles and serial adapters that a list of rules wants, and
/// says which path to open when one arrives or goes.
///
/// On every tty event of its ``HotplugMonitor``, the watcher
/// 1. matches the event's device against the rules (vendor, model, driver, devnode);
/// 2. looks in the directory of every devnode pattern whose directory has no wildcard
///    (e.g. `/tmp/sim/ttyIR*` → `/tmp/sim`) for character devices or symlinks to
///    them that match, so that devices without uevents of their own — a pty behind a
///    symlink, a udev `by-id` link — are found too;
/// 3. reports paths reported earlier that no longer exist as departures.
///
/// Each path is reported once until it departs. Typical use in a terminal:
/// ```swift
/// let rules = try DeviceRule.parseList(config)
/// let watcher = try DongleWatcher(rules: rules, monitor: HotplugMonitor())
/// for arrival in try watcher.present() { open(arrival.path) }
/// while running {
///     switch try watcher.nextChange(timeout: .seconds(1)) {
///     case .arrived(let arrival)?: open(arrival.path)
///     case .departed(let path, _)?: close(path)
///     case nil: continue
///     }
/// }
/// ```
public final class DongleWatcher {
    /// The most paths tracked at once; arrivals beyond it are not reported.
    public static let maximumTrackedPaths = 256
    /// The most directory entries examined per pattern directory and event.
    public static let maximumDirectoryEntries = 4096

    /// The rules, in priority order.
    public let rules: [DeviceRule]
    /// The monitor events come from (see ``HotplugMonitor/source``).
    public let monitor: HotplugMonitor

    private let enumerator: DeviceEnumerator
    private var tracked: [String: DeviceRule] = [:]
    private var pending: [DongleChange] = []

    /// Creates a watcher over `monitor` for the devices `rules` want.
    public init(rules: [DeviceRule], monitor: HotplugMonitor) throws(DeviceDiscoveryError) {
        self.rules = rules
        self.monitor = monitor
        self.enumerator = try DeviceEnumerator()
    }

    /// The wanted devices present now (enumerated ttys and devnode-pattern paths); each
    /// is then tracked, so later events do not report it again.
    public func present() throws(DeviceDiscoveryError) -> [DongleArrival] {
        var found: [DongleArrival] = []
        for device in try enumerator.ttyDevices() {
            if let arrival = track(device, trigger: nil) { found.append(arrival) }
        }
        for device in patternDevices() {
            if let arrival = track(device, trigger: nil) { found.append(arrival) }
        }
        return found
    }

    /// Waits up to `timeout` for the next arrival or departure.
    ///
    /// - Returns: the change, or nil when the timeout passes with none.
    /// - Throws: what ``HotplugMonitor/nextEvent(timeout:)`` throws.
    public func nextChange(timeout: Duration) throws(DeviceDiscoveryError) -> DongleChange? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while pending.isEmpty {
            let remaining = max(.zero, clock.now.duration(to: deadline))
            guard let event = try monitor.nextEvent(timeout: remaining) else { return nil }
            handle(event)
        }
        return pending.removeFirst()
    }

    private func handle(_ event: HotplugEvent) {
        for (path, rule) in tracked.sorted(by: { $0.key < $1.key })
        where !Syscalls.exists(path) || (event.action == .remove && event.device.devnode == path) {
            tracked[path] = nil
            pending.append(.departed(path: path, rule: rule))
        }
        if event.action == .add || event.action == .change, let arrival = track(event.device, trigger: event) {
            pending.append(.arrived(arrival))
        }
        for device in patternDevices() {
            if let arrival = track(device, trigger: event) { pending.append(.arrived(arrival)) }
        }
    }

    /// Records a device a rule wants and not yet tracked; nil otherwise.
    private func track(_ device: SerialDevice, trigger: HotplugEvent?) -> DongleArrival? {
        guard tracked[device.devnode] == nil, tracked.count < Self.maximumTrackedPaths,
              let rule = DeviceMatcher.matches(rules, device)
        else { return nil }
        tracked[device.devnode] = rule
        return DongleArrival(path: device.devnode, device: device, rule: rule, trigger: trigger)
    }

    /// The character devices (or symlinks to them) in the literal directories of the
    /// rules' devnode patterns whose paths match a pattern.
    private func patternDevices() -> [SerialDevice] {
        var directories: [String] = []
        for rule in rules {
            guard let pattern = rule.devnodePattern, let directory = Self.literalDirectory(of: pattern),
                  !directories.contains(directory)
            else { continue }
            directories.append(directory)
        }
        var devices: [SerialDevice] = []
        for directory in directories {
            guard case .success(let names) = Syscalls.directoryEntries(directory, limit: Self.maximumDirectoryEntries)
            else { continue }
            for name in names.sorted() {
                let path = directory == "/" ? "/" + name : directory + "/" + name
                guard rules.contains(where: { $0.devnodePattern.map { DeviceMatcher.globMatches($0, path) } ?? false }),
                      let device = enumerator.device(atPath: path)
                else { continue }
                devices.append(device)
            }
        }
        return devices
    }

    /// The directory part of a pattern when it holds no wildcard, e.g. `/tmp/sim` for
    /// `/tmp/sim/ttyIR*`; nil for `/dev/*/tty*`.
    static func literalDirectory(of pattern: String) -> String? {
        guard let slash = pattern.lastIndex(of: "/") else { return nil }
        let directory = String(pattern[..<slash])
        guard !directory.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" }) else { return nil }
        return directory.isEmpty ? "/" : directory
    }
}
