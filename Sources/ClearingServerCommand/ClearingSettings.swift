import ArgumentParser
import ClearingService
import Foundation
import Microbilling
import MicrobillingPostgres
import MicrobillingStorage
import MicrocheckAgents
import NIOSSL

/// The settings of clearing's configuration file.
struct ClearingSettings {
    static let names: Set<String> = ["listen", "port", "ledger", "postgres", "merchants", "issuers", "app-domain", "tokens",
                                     "tls-certificate", "tls-key", "deposit-window-days"]

    let host: String
    let port: Int
    let store: any ClearingStore
    let merchants: [MerchantAccount]
    let tokens: AccessTokens
    let tls: TLSConfiguration?
    let rules: ClearingRules

    init(path: String) throws {
        let config = try AgentConfiguration(path: path, known: Self.names)
        host = try config.optional("listen") { $0 } ?? "127.0.0.1"
        port = try config.port("port") ?? 8480
        if let connection = try config.optional("postgres", { $0 }) {
            store = try config.required("postgres") { _ in
                try PostgresClearingStore(configuration: try PostgresLedgerConfiguration(connectionString: connection))
            }
        } else {
            let ledger = try config.optional("ledger") { config.resolve($0) } ?? config.resolve("clearing.sqlite")
            store = try config.required("app-domain") { _ in try SQLiteClearingStore(path: ledger) }
        }
        let issuers = try config.publicKeys("issuers")
        let policy = try config.required("app-domain") { try MerchantPolicy(appDomain: $0, trustedIssuers: issuers) }
        merchants = try config.required("merchants") { file in
            guard let data = FileManager.default.contents(atPath: config.resolve(file)) else { throw ValidationError("cannot read \(file)") }
            do {
                return try MerchantRegistry.parse(String(decoding: data, as: UTF8.self), policy: policy)
            } catch {
                throw ValidationError("\(file): \(error)")
            }
        }
        tokens = try config.optional("tokens") { file in
            let path = config.resolve(file)
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(file)") }
            let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
            guard mode & 0o077 == 0 else { throw ValidationError("\(file) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it") }
            do {
                return try AccessTokens(parsing: String(decoding: data, as: UTF8.self))
            } catch {
                throw ValidationError("\(file): \(error)")
            }
        } ?? AccessTokens()
        let certificate = try config.optional("tls-certificate") { config.resolve($0) }
        let key = try config.optional("tls-key") { config.resolve($0) }
        switch (certificate, key) {
        case (nil, nil):
            tls = nil
        case (let certificate?, let key?):
            tls = try config.required("tls-certificate") { _ in
                TLSConfiguration.makeServerConfiguration(certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                                                         privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            }
        default:
            throw ValidationError("\(path): set both tls-certificate and tls-key, or neither")
        }
        var rules = ClearingRules.standard
        if let days = try config.integer("deposit-window-days", in: 1...3650) { rules.depositWindow = Int64(days) * 86_400 }
        self.rules = rules
    }
}
