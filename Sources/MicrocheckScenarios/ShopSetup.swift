import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto

/// The files of a shop for the agents to run on: keys (mode 0600), the PA's
/// public key, a payer credential issued by the PA from a risk strategy,
/// and the payer's and the merchant's configuration files.
public struct ShopSetup: Sendable {
    /// The folder everything is in.
    public let folder: String
    /// The payer agent's configuration file.
    public let payerConfig: String
    /// The merchant terminal's configuration file.
    public let merchantConfig: String
    /// The PA's key (for clearing's policy).
    public let paKey: KeyNoteKey
    /// The merchant's key.
    public let merchantKey: KeyNoteKey
    /// The merchant's policy.
    public let policy: MerchantPolicy

    /// The risk strategy of the demo: a daily credential good for 5.00 a
    /// purchase, 250 purchases a day at one machine.
    public static let strategy = """
        app_domain: vending
        currency: {code: USD, minor_digits: 2}
        classes:
          standard:
            escalation_limit: "20.00"
            credentials:
              - {name: daily, limit: "5.00", validity_hours: 24, purchases_per_merchant_per_day: 250, forbidden_categories: [adult]}
        """

    /// Who issues the payer's credentials.
    public enum Issuer: Sendable {
        /// The PA's rules in this process (Microbilling's `ProvisioningAgent`).
        case inProcess
        /// The `provisioning` program at this path: it makes the PA key and
        /// enrolls the payer in person, writing the credentials and the PA's key.
        case service(URL)
    }

    /// Writes a shop into `folder`: keys of `payerAlgorithm`, a credential issued at `now` by `issuer`, and configurations
    /// that point the merchant at `linkDevice` and `controllerDevice` and the payer at `payerDevice`.
    public init(folder: String, payerAlgorithm: KeyAlgorithm, now: UTCTime, linkDevice: String, controllerDevice: String,
                payerDevice: String, baud: Int, issuer: Issuer = .inProcess) throws {
        self.folder = folder
        let credentials = folder + "/credentials"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        func key(_ name: String) throws -> KeyNotePrivateKey {
            let key = try KeyNotePrivateKey.generate(payerAlgorithm, bits: payerAlgorithm == .rsa ? 1024 : 256)
            try KeyFile.write(key, to: folder + "/" + name + ".key")
            return key
        }
        let payer = try key("payer")
        let merchant = try key("merchant")
        merchantKey = merchant.publicKey
        switch issuer {
        case .inProcess:
            let pa = try key("pa")
            paKey = pa.publicKey
            try Data((pa.publicKey.encoded(.base64) + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/issuers"))
            let agent = ProvisioningAgent(key: pa, strategy: try RiskStrategyFile.parse(Self.strategy))
            for (index, credential) in try agent.issue(class: "standard", standing: .good, to: payer.publicKey, at: now).enumerated() {
                try Data(credential.text.utf8).write(to: URL(fileURLWithPath: "\(credentials)/\(index).kn"))
            }
        case .service(let program):
            paKey = try Self.enroll(payer.publicKey, with: program, in: folder)
        }
        policy = try MerchantPolicy(appDomain: "vending", trustedIssuers: [paKey])
        payerConfig = folder + "/payer.conf"
        merchantConfig = folder + "/merchant.conf"
        try Data("""
            # payer agent of the demo
            key-file = payer.key
            credentials = credentials
            issuers = issuers
            records = wallet.sqlite
            cards = cards
            device = \(payerDevice)
            baud = \(baud)

            """.utf8).write(to: URL(fileURLWithPath: payerConfig))
        try Data("""
            # merchant terminal of the demo
            key-file = merchant.key
            merchant-id = M-1
            name = KeyNote Soda Machine
            app-domain = vending
            currency = USD/2
            issuers = issuers
            link-device = \(linkDevice)
            controller-device = \(controllerDevice)
            baud = \(baud)
            journal = journal.sqlite

            """.utf8).write(to: URL(fileURLWithPath: merchantConfig))
    }

    /// The terms of the credentials the PA issued to the payer (read back from the credentials folder).
    public func issuedTerms() throws -> [CredentialTerms] {
        let credentials = folder + "/credentials"
        return try FileManager.default.contentsOfDirectory(atPath: credentials).filter { $0.hasSuffix(".kn") }.sorted().map { name in
            guard let data = FileManager.default.contents(atPath: credentials + "/" + name) else { throw ShopError("cannot read \(name)") }
            return try SignedCredential(text: String(decoding: data, as: UTF8.self)).terms
        }
    }

    /// Makes the PA key with the `provisioning` program and enrolls `payer`
    /// in the standard class, unpacking the credentials and the PA's key
    /// into `folder`; returns the PA's key.
    private static func enroll(_ payer: KeyNoteKey, with program: URL, in folder: String) throws -> KeyNoteKey {
        try Data(strategy.utf8).write(to: URL(fileURLWithPath: folder + "/strategy.yaml"))
        try Data("""
            # the provisioning service of the demo (clearing's standing feed is not asked at enrollment)
            key-file = pa.key
            strategy = strategy.yaml
            registry = registry.sqlite
            clearing-url = http://127.0.0.1:8480
            clearing-token = demo-provisioning-token

            """.utf8).write(to: URL(fileURLWithPath: folder + "/provisioning.conf"))
        let config = folder + "/provisioning.conf"
        for arguments in [["new-key", "--config", config],
                          ["enroll", "--config", config, "--payer-key", payer.encoded(.base64), "--class", "standard",
                           "--out", folder + "/payer.bundle", "--unpack", folder]] {
            let process = try ChildProcess(program, arguments)
            guard process.waitForExit(timeout: .seconds(30)) == 0 else {
                throw ShopError("provisioning \(arguments[0]) failed")
            }
        }
        guard let data = FileManager.default.contents(atPath: folder + "/issuers"),
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first,
              let key = try KeyNoteKey.parse(String(line)) else {
            throw ShopError("provisioning wrote no PA key in \(folder)/issuers")
        }
        return key
    }
}
