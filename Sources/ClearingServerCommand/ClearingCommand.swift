import ArgumentParser
import ClearingService
import Foundation
import Logging
import Metrics
import Microbilling
import Prometheus

/// The Clearing and Settlement Center: takes gateways' deposit uploads over
/// HTTP, verifies them as the merchants did, posts each microcheck once,
/// and serves statements, standing, flags and the quarantine.
@main
struct ClearingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clearing",
        abstract: "Clear microchecks: deposits in, receipts, statements and standing out.",
        subcommands: [Serve.self]
    )
}

extension ClearingCommand {
    /// Serves until stopped.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the clearing API until stopped.")

        @Option(help: "The configuration file.") var config: String

        func run() async throws {
            let settings: ClearingSettings
            do {
                settings = try ClearingSettings(path: config)
            } catch {
                throw ValidationError("\(error)")
            }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            // Daemons log to standard output (the journal, or the test that runs them).
            LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
            var logger = Logger(label: "microcheck.clearing")
            logger.logLevel = .info
            let house = ClearingHouse(store: settings.store, merchants: settings.merchants, rules: settings.rules)
            let service = ClearingService(house: house, authorization: RequestAuthorization(tokens: settings.tokens),
                                          exposition: { registry.emitToString() }, failpoint: Failpoint.configured)
            let scheme = settings.tls == nil ? "http" : "https"
            let app = try ClearingServer.application(service: service, host: settings.host, port: settings.port, tls: settings.tls,
                                                     logger: logger) { port in
                print("clearing listening on \(scheme)://\(settings.host):\(port) with \(settings.merchants.count) merchants")
                fflush(nil)
            }
            try await app.runService()
        }
    }
}
