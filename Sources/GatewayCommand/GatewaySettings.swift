import ArgumentParser
import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckCrypto
import SerialLink

/// The settings of a gateway's configuration file.
struct GatewaySettings {
    static let names: Set<String> = ["spool", "clearing-url", "batch-size", "backoff-initial-ms", "backoff-max-ms", "link-device",
                                     "baud", "journal", "merchant-id", "merchant-key-file", "metrics-port", "collect-interval-s"]

    let spool: SQLiteGatewaySpool
    let clearingURL: URL
    let batchSize: Int
    let initialBackoff: Int
    let maximumBackoff: Int
    /// A serial or IR line on which merchant terminals hand over deposits.
    let linkDevice: String?
    let baud: BaudRate
    /// A merchant journal on this host, with the merchant's id and key to seal it.
    let journal: (path: String, merchantID: String, key: KeyNotePrivateKey)?
    /// The loopback port of the Prometheus endpoint, if any.
    let metricsPort: Int?
    let collectInterval: Int

    init(path: String) throws {
        let config = try AgentConfiguration(path: path, known: Self.names)
        spool = try config.required("spool") { try SQLiteGatewaySpool(path: config.resolve($0)) }
        clearingURL = try config.required("clearing-url") { text in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("an http:// or https:// URL")
            }
            return url
        }
        batchSize = try config.integer("batch-size", in: 1...DepositUpload.maximumPurchases) ?? 1_000
        initialBackoff = try config.integer("backoff-initial-ms", in: 1...600_000) ?? 500
        maximumBackoff = try config.integer("backoff-max-ms", in: 1...3_600_000) ?? 60_000
        collectInterval = try config.integer("collect-interval-s", in: 1...86_400) ?? 10
        metricsPort = try config.port("metrics-port")
        linkDevice = try config.optional("link-device") { $0 }
        baud = try config.baud()
        if let journalPath = try config.optional("journal", { config.resolve($0) }) {
            let merchantID = try config.required("merchant-id") { $0 }
            let key = try config.required("merchant-key-file") { try KeyFile.read(from: config.resolve($0)) }
            journal = (journalPath, merchantID, key)
        } else {
            journal = nil
        }
    }
}
