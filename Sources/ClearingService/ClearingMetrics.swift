import Metrics

/// What clearing counts, through swift-metrics (the executable exports them
/// to Prometheus at `/metrics`).
public struct ClearingMetrics: Sendable {
    /// Uploads received.
    public let uploads = Counter(label: "clearing_uploads_total")
    /// Uploads refused before any item was read.
    public let refusedUploads = Counter(label: "clearing_refused_uploads_total")
    /// Microchecks posted.
    public let accepted = Counter(label: "clearing_microchecks_total", dimensions: [("outcome", "accepted")])
    /// Microchecks answered as duplicates.
    public let duplicates = Counter(label: "clearing_microchecks_total", dimensions: [("outcome", "duplicate")])
    /// Microchecks rejected and quarantined.
    public let rejected = Counter(label: "clearing_microchecks_total", dimensions: [("outcome", "rejected")])
    /// Seconds to clear an upload.
    public let uploadSeconds = Timer(label: "clearing_upload_duration_seconds", preferredDisplayUnit: .seconds)

    /// The counters, registered with the bootstrapped metrics system.
    public init() {}
}
