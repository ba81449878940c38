import ArgumentParser
import Foundation
import Logging
import Microbilling
import MicrocheckCrypto
import ProvisioningService

/// The Provisioning Agent: serves credential refresh, escalation and lost
/// devices over HTTP, and does the in-person and operator work from the
/// command line.
@main
struct ProvisioningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provisioning",
        abstract: "Issue and refresh KeyNote payer credentials; answer escalations; sign merchant policy.",
        subcommands: [Serve.self, NewKey.self, Enroll.self, RotateKey.self, MerchantBundle.self, ReportLost.self, UnpackBundle.self]
    )

    /// Sends logs to standard error (standard output is for the commands' answers), then runs the subcommand.
    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// The option every subcommand that works on the service's files takes.
struct ConfigOption: ParsableArguments {
    @Option(help: "The service's configuration file (name = value lines).") var config: String
}

extension ProvisioningCommand {
    /// Serves the HTTP API until SIGTERM or SIGINT.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the provisioning API until SIGTERM or SIGINT.")

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let settings = try ServiceSettings(path: options.config)
            let provisioner = try settings.provisioner()
            let server = ProvisioningHTTPServer(provisioner: provisioner, settings: .init(
                host: settings.host, port: settings.port, operatorToken: settings.operatorToken, tls: settings.tls))
            try await server.run(handleSignals: true)
        }
    }

    /// Makes the first PA key.
    struct NewKey: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new-key", abstract: "Make the first PA key in key-file (sealed if passphrase is set).")

        @OptionGroup var options: ConfigOption
        @Option(help: "ed25519 or rsa.") var algorithm: KeyAlgorithmOption = .ed25519
        @Option(help: "RSA modulus bits.") var bits: Int = 2048

        func run() throws {
            let settings = try ServiceSettings(path: options.config)
            guard !FileManager.default.fileExists(atPath: settings.keyFile.path) else {
                throw ValidationError("\(settings.keyFile.path) exists; use rotate-key to replace a PA key")
            }
            let key = try algorithm.generate(bits: bits)
            try settings.keyFile.write(key)
            print(key.publicKey.encoded(.base64))
        }
    }

    /// Enrolls a payer in person.
    struct Enroll: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a payer's long-term key with a class and write its bundle.")

        @OptionGroup var options: ConfigOption
        @Option(help: "The payer's long-term public key: a KeyNote principal, or a file holding one.") var payerKey: String
        @Option(name: .customLong("class"), help: "The payer's risk class in the strategy.") var payerClass: String
        @Option(help: "Where to write the payer bundle.") var out: String
        @Option(help: "Also unpack the bundle into this folder (credentials/*.kn and issuers) for the payer agent.") var unpack: String?

        func run() throws {
            let settings = try ServiceSettings(path: options.config)
            let payer = try PrincipalArgument.read(payerKey)
            let bundle = try settings.provisioner().enroll(payer, class: payerClass)
            try Data(bundle.text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            if let unpack { try bundle.unpack(into: unpack) }
            print("enrolled \(payer.fingerprint) in class \(payerClass): \(bundle.credentials.count) credentials in \(out)")
        }
    }

    /// Rotates the PA key.
    struct RotateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: "Make a new PA key; keep the previous public key trusted until --retire-at. Restart serve afterwards.")

        @OptionGroup var options: ConfigOption
        @Option(help: "When merchants stop trusting the previous key, UTC YYYYMMDDThhmmss (after its last credential expires).") var retireAt: String
        @Option(help: "ed25519 or rsa.") var algorithm: KeyAlgorithmOption = .ed25519
        @Option(help: "RSA modulus bits.") var bits: Int = 2048

        func run() throws {
            let settings = try ServiceSettings(path: options.config)
            let retirement = try UTCTime(stamp: retireAt)
            let now = UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
            guard retirement > now else { throw ValidationError("--retire-at \(retireAt) is not in the future") }
            let provisioner = try settings.provisioner()
            let previous = provisioner.currentPublicKey
            let key = try algorithm.generate(bits: bits)
            try provisioner.rotate(keyFile: settings.keyFile, to: key, retiringPreviousAt: retirement)
            print("new PA key \(key.publicKey.fingerprint); \(previous.fingerprint) trusted until \(retirement.stamp)")
        }
    }

    /// Writes the signed merchant policy bundle.
    struct MerchantBundle: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "merchant-bundle", abstract: "Write the signed merchant policy bundle to a file.")

        @OptionGroup var options: ConfigOption
        @Option(help: "Where to write the bundle.") var out: String

        func run() throws {
            let bundle = try ServiceSettings(path: options.config).provisioner().merchantBundle()
            try Data(bundle.text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            print("\(bundle.trustedKeys.count) trusted PA keys, \(bundle.gates.count) gated categories, signed by \(bundle.signer.fingerprint)")
        }
    }

    /// Marks a payer's device lost (operator, at the service's files).
    struct ReportLost: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report-lost", abstract: "Refuse every later refresh and escalation for a payer's key.")

        @OptionGroup var options: ConfigOption
        @Option(help: "The payer: its key principal, a file holding it, or its fingerprint.") var payer: String

        func run() throws {
            let settings = try ServiceSettings(path: options.config)
            let fingerprint = try PrincipalArgument.fingerprint(payer)
            let record = try PayerRegistry(path: settings.registryPath).markLost(
                fingerprint: fingerprint, at: UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970)), by: .operator)
            print("payer \(fingerprint) lost since \(record.lostAt?.stamp ?? "?")")
        }
    }

    /// Unpacks a payer bundle for the payer agent.
    struct UnpackBundle: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unpack-bundle",
                                                        abstract: "Write a payer bundle's credentials/*.kn and issuers into a folder.")

        @Argument(help: "The payer bundle.") var bundle: String
        @Option(help: "The folder (the payer agent's credentials and issuers settings point into it).") var into: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: bundle), data.count <= PayerBundle.maximumSize else {
                throw ValidationError("cannot read \(bundle) (at most \(PayerBundle.maximumSize) bytes)")
            }
            let payerBundle = try PayerBundle(text: String(decoding: data, as: UTF8.self))
            try payerBundle.unpack(into: into)
            print("\(payerBundle.credentials.count) credentials and \(payerBundle.issuers.count) issuers in \(into); refresh at \(payerBundle.serviceURL)")
        }
    }
}
