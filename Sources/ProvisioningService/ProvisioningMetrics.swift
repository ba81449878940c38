import CoreMetrics
import Metrics
import Prometheus

/// The service's counters, in a Prometheus registry of its own (so that two
/// services in one process, as in tests, do not share counts), exposed at
/// `GET /metrics`.
public final class ProvisioningMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    /// Refreshes answered with credentials.
    let refreshesIssued: CoreMetrics.Counter
    /// Refreshes refused (not enrolled, lost, suspended, nothing to issue, clearing down with `refuse`).
    let refreshesRefused: CoreMetrics.Counter
    /// Refreshes decided by the fallback because clearing could not be reached.
    let clearingFallbacks: CoreMetrics.Counter
    /// Escalations answered with a credential.
    let escalationsIssued: CoreMetrics.Counter
    /// Escalations refused.
    let escalationsRefused: CoreMetrics.Counter
    /// Devices reported lost.
    let devicesLost: CoreMetrics.Counter

    /// Creates the counters in a new registry.
    public init() {
        registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        refreshesIssued = CoreMetrics.Counter(label: "provisioning_refreshes_total", dimensions: [("outcome", "issued")], factory: factory)
        refreshesRefused = CoreMetrics.Counter(label: "provisioning_refreshes_total", dimensions: [("outcome", "refused")], factory: factory)
        clearingFallbacks = CoreMetrics.Counter(label: "provisioning_clearing_fallbacks_total", factory: factory)
        escalationsIssued = CoreMetrics.Counter(label: "provisioning_escalations_total", dimensions: [("outcome", "issued")], factory: factory)
        escalationsRefused = CoreMetrics.Counter(label: "provisioning_escalations_total", dimensions: [("outcome", "refused")], factory: factory)
        devicesLost = CoreMetrics.Counter(label: "provisioning_devices_lost_total", factory: factory)
    }

    /// The metrics in the Prometheus text format.
    public func text() -> String {
        registry.emitToString()
    }
}
