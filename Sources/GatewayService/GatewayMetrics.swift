import Metrics

/// What a gateway reports through swift-metrics (exported to Prometheus at
/// the gateway's `/metrics` when it listens for it).
public struct GatewayMetrics: Sendable {
    /// Entries waiting for clearing.
    public let spoolDepth = Gauge(label: "gateway_spool_depth")
    /// Uploads answered by clearing.
    public let uploads = Counter(label: "gateway_uploads_total")
    /// Failed attempts: probes clearing did not answer, uploads it did not answer for.
    public let failures = Counter(label: "gateway_upload_failures_total")
    /// Entries retired after clearing answered for them.
    public let retired = Counter(label: "gateway_retired_total")
    /// Entries clearing rejected for good (quarantined there).
    public let rejected = Counter(label: "gateway_rejected_total")
    /// When the last upload was answered, seconds since 1970.
    public let lastUpload = Gauge(label: "gateway_last_upload_seconds")

    /// The gauges and counters, registered with the bootstrapped metrics system.
    public init() {}
}
