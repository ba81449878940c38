import Hummingbird
import Logging
import Prometheus

/// The gateway's Prometheus endpoint: `GET /metrics` on loopback.
enum MetricsEndpoint {
    /// Serves until the process ends.
    static func serve(registry: PrometheusCollectorRegistry, port: Int, logger: Logger) async throws {
        let router = Router()
        router.get("/metrics") { _, _ in registry.emitToString() }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        try await app.runService()
    }
}
