import ArgumentParser
import ClearingAPI
import Foundation
import GatewayService
import Logging
import Metrics
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckLink
import OpenAPIAsyncHTTPClient
import Prometheus
import SerialLink

/// The store-and-forward gateway: collects deposits from merchant terminals
/// (over a serial or IR line, or from a journal on this host) into a durable
/// spool, and relays them to clearing whenever clearing can be reached.
@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Spool merchants' deposits and relay them to clearing.",
        subcommands: [Run.self, Drain.self, Status.self]
    )
}

/// The exit status of a gateway stopped at a failpoint.
let failpointStatus: Int32 = 86

/// The pieces every subcommand uses.
struct GatewayParts {
    let settings: GatewaySettings
    let logger: Logger
    let relay: DepositRelay
    let uploader: DepositUploader

    init(config: String) throws {
        do {
            settings = try GatewaySettings(path: config)
        } catch {
            throw ValidationError("\(error)")
        }
        // Daemons log to standard output (the journal, or the test that runs them).
        LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        var logger = Logger(label: "microcheck.gateway")
        logger.logLevel = .info
        self.logger = logger
        let client = Client(serverURL: settings.clearingURL, transport: AsyncHTTPClientTransport(configuration: .init(timeout: .seconds(60))))
        let probe = Client(serverURL: settings.clearingURL, transport: AsyncHTTPClientTransport(configuration: .init(timeout: .seconds(2))))
        let failAfterReceipt = ProcessInfo.processInfo.environment["MICROCHECK_FAILPOINT"] == "after-receipt"
        uploader = DepositUploader(spool: settings.spool, client: client, probe: probe, batchSize: settings.batchSize, logger: logger,
                                   afterReceipt: {
                                       guard failAfterReceipt else { return }
                                       FileHandle.standardError.write(Data("gateway: stopped at failpoint after-receipt\n".utf8))
                                       exit(failpointStatus)
                                   })
        relay = DepositRelay(uploader: uploader, logger: logger, initialBackoff: settings.initialBackoff,
                             maximumBackoff: settings.maximumBackoff)
    }

    /// Collects from the journal on this host, if one is configured.
    func collectJournal() {
        guard let journal = settings.journal else { return }
        do {
            let collector = JournalCollector(journal: try SQLiteMerchantJournal(path: journal.path), merchantID: journal.merchantID,
                                             key: journal.key, spool: settings.spool)
            let count = try collector.collect()
            if count > 0 { logger.info("collected \(count) deposits from \(journal.path)") }
        } catch {
            logger.error("cannot collect from \(journal.path): \(error)")
        }
    }
}

extension GatewayCommand {
    /// Runs until stopped.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Collect and relay until stopped.")

        @Option(help: "The configuration file.") var config: String

        func run() async throws {
            // Metrics first: the uploader's counters register when they are made.
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            let parts = try GatewayParts(config: config)
            if let port = parts.settings.metricsPort {
                Task { try await MetricsEndpoint.serve(registry: registry, port: port, logger: parts.logger) }
            }
            if let device = parts.settings.linkDevice {
                LineCollector.start(device: device, baud: parts.settings.baud, spool: parts.settings.spool, logger: parts.logger)
            }
            while true {
                parts.collectJournal()
                do {
                    _ = try await parts.relay.drain(waitForClearing: true)
                } catch {
                    parts.logger.error("relay stopped: \(error); retrying in \(parts.settings.collectInterval) s")
                }
                try await Task.sleep(for: .seconds(parts.settings.collectInterval))
            }
        }
    }

    /// Uploads the spool and exits.
    struct Drain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Upload the whole spool, then exit (0: empty).")

        @Option(help: "The configuration file.") var config: String
        @Flag(help: "Wait (with backoff) while clearing cannot be reached, instead of failing.") var wait = false

        func run() async throws {
            let parts = try GatewayParts(config: config)
            parts.collectJournal()
            do {
                let summary = try await parts.relay.drain(waitForClearing: wait)
                print("drained: \(summary.retired) retired (\(summary.rejected) rejected by clearing), \(summary.setAside) set aside, \(summary.failures) failed attempts")
            } catch {
                FileHandle.standardError.write(Data("gateway: \(error); \((try? parts.settings.spool.depth()) ?? -1) deposits stay spooled\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    /// Prints the spool's state.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the spool's depth and what was set aside.")

        @Option(help: "The configuration file.") var config: String

        func run() async throws {
            let parts = try GatewayParts(config: config)
            let aside = try parts.settings.spool.setAsideEntries()
            print("spool depth \(try parts.settings.spool.depth()), set aside \(aside.count)")
            for entry in aside { print("  \(entry.microcheckID): \(entry.reason)") }
        }
    }
}
