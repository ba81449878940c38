#if canImport(Glibc)
import Glibc
#endif

/// Follows tty hot-plug events on a netlink socket through libudev.
///
/// Choose the source with ``HotplugSource``: `.udev` receives only what udevd
/// re-broadcasts (nothing when udevd does not run), `.kernel` receives the kernel's
/// raw uevents, `.automatic` picks `.udev` when udevd runs and `.kernel` otherwise;
/// ``source`` and ``sourceReason`` say which was picked and why. Events are filtered to
/// the `tty` subsystem. Not thread-safe: use one monitor from one task.
public final class HotplugMonitor {
    /// The smallest and largest receive buffer accepted, in bytes.
    public static let receiveBufferSizeRange = 4096...(64 << 20)
    /// The longest single wait ``nextEvent(timeout:)`` accepts.
    public static let maximumTimeout: Duration = .seconds(3600)

    /// The source in use: `.udev` or `.kernel`, never `.automatic`.
    public let source: HotplugSource
    /// Why that source is in use, e.g. "no udevd (/run/udev/control absent): kernel uevents".
    public let sourceReason: String

    private let monitor: UdevMonitor

    /// Opens a monitor, filtered to the `tty` subsystem, and starts receiving.
    ///
    /// - Parameters:
    ///   - source: where events come from; `.automatic` by default.
    ///   - receiveBufferSize: the socket's receive buffer in bytes, within
    ///     ``receiveBufferSizeRange``; nil keeps libudev's default.
    /// - Throws: ``DeviceDiscoveryError`` with `.invalidArgument` for a bad size,
    ///   `.udevUnavailable` or `.monitorFailed` when libudev refuses.
    public convenience init(source: HotplugSource = .automatic, receiveBufferSize: Int? = nil) throws(DeviceDiscoveryError) {
        try self.init(source: source, receiveBufferSize: receiveBufferSize, udevControlPath: HotplugSource.udevControlPath)
    }

    init(source requested: HotplugSource, receiveBufferSize: Int?, udevControlPath: String) throws(DeviceDiscoveryError) {
        let (source, reason) = requested.resolved(udevControlPath: udevControlPath)
        let context = try UdevContext()
        let monitor = try UdevMonitor(context: context, group: source == .udev ? "udev" : "kernel")
        try monitor.filter(subsystem: "tty")
        if let receiveBufferSize {
            guard Self.receiveBufferSizeRange.contains(receiveBufferSize), let size = Int32(exactly: receiveBufferSize) else {
                throw DeviceDiscoveryError(.invalidArgument,
                                           "receive buffer size \(receiveBufferSize) outside \(Self.receiveBufferSizeRange)")
            }
            try monitor.setReceiveBufferSize(size)
        }
        try monitor.enableReceiving()
        self.source = source
        self.sourceReason = reason
        self.monitor = monitor
    }

    /// Waits up to `timeout` for the next tty event that has a device node.
    ///
    /// - Returns: the event, or nil when the timeout passes first.
    /// - Throws: ``DeviceDiscoveryError`` with `.invalidArgument` for a negative timeout or
    ///   one above ``maximumTimeout``, `.receiveFailed` when poll(2) fails.
    public func nextEvent(timeout: Duration) throws(DeviceDiscoveryError) -> HotplugEvent? {
        guard timeout >= .zero, timeout <= Self.maximumTimeout else {
            throw DeviceDiscoveryError(.invalidArgument, "timeout \(timeout) outside 0...\(Self.maximumTimeout)")
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let remaining = clock.now.duration(to: deadline)
            switch Syscalls.waitReadable(monitor.fileDescriptor, milliseconds: Self.milliseconds(remaining)) {
            case .failure(let error) where error.rawValue == EINTR:
                break
            case .failure(let error):
                throw DeviceDiscoveryError(.receiveFailed, "poll on the \(source) monitor", errno: error.rawValue)
            case .success(false):
                if remaining <= .zero { return nil }
            case .success(true):
                // A null device means the message was filtered out or malformed: keep waiting.
                if let device = monitor.receive(), let event = event(from: device) { return event }
            }
            if clock.now >= deadline { return nil }
        }
    }

    private func event(from device: UdevDevice) -> HotplugEvent? {
        guard let action = device.action, let serial = device.serialDevice() else { return nil }
        return HotplugEvent(action: .init(action), device: serial, source: source)
    }

    /// A duration rounded up to whole milliseconds for poll(2), at least 0.
    static func milliseconds(_ duration: Duration) -> Int32 {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        guard seconds < Int64(Int32.max) / 1000 else { return Int32.max }
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
