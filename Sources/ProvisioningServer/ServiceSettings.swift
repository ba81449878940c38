import ArgumentParser
import Foundation
import Microbilling
import MicrocheckAgents
import MicrocheckCrypto
import ProvisioningService

/// The settings of the provisioning service's configuration file
/// (`name = value` lines, as the other agents' files). Every error names the
/// file, the line, the column and the setting.
struct ServiceSettings {
    static let names: Set<String> = ["listen-host", "listen-port", "service-url", "key-file", "passphrase", "strategy", "registry",
                                     "clearing-url", "clearing-token", "clearing-fallback", "operator-token",
                                     "tls-certificate", "tls-key"]

    let host: String
    let port: Int
    let serviceURL: String
    let keyFile: PAKeyFile
    let strategy: RiskStrategy
    let registryPath: String
    let clearingURL: URL
    let clearingToken: String
    let fallback: ClearingFallback
    let operatorToken: String?
    let tls: (certificateChain: String, privateKey: String)?

    /// Reads the file at `path`; relative paths in it are relative to its folder.
    init(path: String) throws {
        let config = try AgentConfiguration(path: path, known: Self.names)
        host = try config.optional("listen-host") { $0 } ?? "127.0.0.1"
        port = try config.port("listen-port") ?? 8490
        keyFile = PAKeyFile(path: try config.required("key-file") { config.resolve($0) },
                            passphrase: try config.optional("passphrase") { try PassphraseSource.parse($0, resolve: config.resolve) })
        strategy = try config.required("strategy") { file in
            guard let data = FileManager.default.contents(atPath: config.resolve(file)), data.count <= RiskStrategyFile.maximumSize else {
                throw ValidationError("cannot read \(file)")
            }
            do {
                return try RiskStrategyFile.parse(String(decoding: data, as: UTF8.self))
            } catch {
                throw ValidationError("\(file): \(error)")
            }
        }
        registryPath = try config.required("registry") { config.resolve($0) }
        clearingURL = try config.required("clearing-url") { text in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("an http:// or https:// URL")
            }
            return url
        }
        clearingToken = try config.required("clearing-token") { text in
            guard !text.isEmpty, text.utf8.count <= 4096 else { throw ValidationError("a token of 1 to 4096 bytes") }
            return text
        }
        fallback = try config.optional("clearing-fallback") { text in
            guard let fallback = ClearingFallback(text) else { throw ValidationError("watch, good or refuse") }
            return fallback
        } ?? .default
        operatorToken = try config.optional("operator-token") { text in
            guard text.utf8.count >= 16, text.utf8.count <= 4096 else { throw ValidationError("at least 16 bytes (and at most 4096)") }
            return text
        }
        let certificate = try config.optional("tls-certificate") { config.resolve($0) }
        let key = try config.optional("tls-key") { config.resolve($0) }
        switch (certificate, key) {
        case (let certificate?, let key?): tls = (certificate, key)
        case (nil, nil): tls = nil
        default: throw ValidationError("\(path): set both tls-certificate and tls-key, or neither")
        }
        serviceURL = try config.optional("service-url") { $0 } ?? "\(tls == nil ? "http" : "https")://\(host):\(port)"
    }

    /// The service's core: the PA key read (and unsealed) now, the registry opened.
    func provisioner() throws -> Provisioner {
        try Provisioner(key: keyFile.read(), strategy: strategy, registry: PayerRegistry(path: registryPath),
                        standingSource: ClearingStandingFeed(serverURL: clearingURL, token: clearingToken),
                        fallback: fallback, serviceURL: serviceURL)
    }
}
