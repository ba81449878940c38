import ArgumentParser
import DeviceDiscovery
import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckCrypto
import MicrocheckLink
import SerialLink

/// The payer agent for handheld Linux (the paper's Microcheck Writer):
/// pays a vending machine over a serial or IR line.
@main
struct PayerAgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payer-agent",
        abstract: "Pay a merchant over a serial or IR line with KeyNote microchecks.",
        subcommands: [Buy.self, Records.self]
    )
}

/// The settings of a payer agent's configuration file.
struct PayerSettings {
    static let names: Set<String> = ["key-file", "credentials", "issuers", "records", "cards", "device", "baud", "dongle-rules",
                                     "spending-policy"]

    let key: KeyNotePrivateKey
    let credentials: [SignedCredential]
    let issuers: [KeyNoteKey]
    let records: SQLiteTransactionRecords
    let cards: MerchantCardCache
    let device: String?
    let baud: BaudRate
    let dongleRules: [DeviceRule]
    let spendingPolicy: SpendingPolicy?

    /// Reads the configuration file at `path`; relative paths in it are relative to its folder.
    init(path: String) throws {
        let config = try AgentConfiguration(path: path, known: Self.names)
        key = try config.required("key-file") { try KeyFile.read(from: config.resolve($0)) }
        credentials = try config.required("credentials") { try CredentialFolder.read(config.resolve($0)) }
        issuers = try config.publicKeys("issuers")
        records = try config.required("records") { try SQLiteTransactionRecords(path: config.resolve($0)) }
        cards = try config.optional("cards") { try MerchantCardCache(folder: config.resolve($0)) } ?? MerchantCardCache()
        device = config.isSet("device") ? try config.required("device") { $0 } : nil
        baud = try config.baud()
        dongleRules = try config.optional("dongle-rules") { try DeviceRule.parseList($0.replacingOccurrences(of: ";", with: "\n")) } ?? []
        spendingPolicy = try config.optional("spending-policy") { file in
            guard let text = FileManager.default.contents(atPath: config.resolve(file)) else { throw ValidationError("cannot read \(file)") }
            return try SpendingPolicy(conditions: String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard device != nil || !dongleRules.isEmpty else {
            throw ValidationError("\(path): set device or dongle-rules")
        }
    }
}

/// The payer's credentials: one file per credential (`*.kn`) in a folder,
/// as the PA wrote them; re-read at every purchase so refreshed files count.
enum CredentialFolder {
    static func read(_ folder: String) throws -> [SignedCredential] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".kn") }.sorted()
        return try names.prefix(64).map { name in
            guard let data = FileManager.default.contents(atPath: folder + "/" + name), data.count <= SignedCredential.maximumSize else {
                throw ValidationError("cannot read credential \(name)")
            }
            return try SignedCredential(text: String(decoding: data, as: UTF8.self))
        }
    }
}

extension PayerAgentCommand {
    /// One purchase.
    struct Buy: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make one purchase: point at the machine, choose, approve.")

        @Option(help: "The configuration file.") var config: String
        @Flag(help: "Approve every offer the credentials allow, without asking.") var yes = false
        @Option(help: "Seconds to wait for a dongle that matches dongle-rules.") var dongleTimeout: Int = 30

        func run() throws {
            let settings = try PayerSettings(path: config)
            let devicePath = try settings.device ?? waitForDongle(settings.dongleRules)
            let port = try SerialPort(device: devicePath, baud: settings.baud)
            let approval: Approval
            if yes {
                approval = .ask { _ in true }
            } else if let policy = settings.spendingPolicy {
                approval = .policyThenAsk(policy, Prompt.ask)
            } else {
                approval = .ask(Prompt.ask)
            }
            let wallet = PayerWallet(key: settings.key, issuers: settings.issuers, credentials: settings.credentials,
                                     approval: approval, records: settings.records)
            let link = ReliableLink(channel: port, timing: .forLine(settings.baud))
            let outcome = PayerConversation(link: link, wallet: wallet, cards: settings.cards).purchase()
            print(Prompt.describe(outcome))
            switch outcome {
            case .dispensed: return
            case .pending: throw ExitCode(3)
            default: throw ExitCode(2)
            }
        }

        private func waitForDongle(_ rules: [DeviceRule]) throws -> String {
            let monitor = try HotplugMonitor(source: .automatic)
            print("waiting for a dongle (\(monitor.sourceReason))")
            let watcher = try DongleWatcher(rules: rules, monitor: monitor)
            if let present = try watcher.present().first { return present.path }
            let deadline = ContinuousClock.now + .seconds(dongleTimeout)
            while ContinuousClock.now < deadline {
                if case .arrived(let arrival)? = try watcher.nextChange(timeout: deadline - ContinuousClock.now) {
                    return arrival.path
                }
            }
            throw ValidationError("no dongle matching dongle-rules within \(dongleTimeout) s")
        }
    }

    /// The transaction records.
    struct Records: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the transaction records.")

        @Option(help: "The configuration file.") var config: String

        func run() throws {
            let settings = try PayerSettings(path: config)
            for record in try settings.records.records() {
                print("\(record.time.stamp)  \(record.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(record.amount)  \(record.product) at \(record.merchantName)  \(record.microcheckID)")
            }
        }
    }
}

/// The payer's screen.
enum Prompt {
    /// Asks the person: "Buy Pocari Sweat for $0.83 at KeyNote Soda Machine? [y/N]".
    @Sendable static func ask(_ offer: Offer) -> Bool {
        let price = offer.price.currency.code == "USD" ? "$\(offer.price.decimalText)" : offer.price.description
        FileHandle.standardOutput.write(Data("Buy \(offer.product) for \(price) at \(offer.merchantName)? [y/N] ".utf8))
        guard let answer = readLine(strippingNewline: true)?.lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }

    static func describe(_ outcome: PayerConversation.Outcome) -> String {
        switch outcome {
        case .dispensed(let record): return "paid \(record.amount) for \(record.product): dispensed (microcheck \(record.microcheckID))"
        case .voided(let record): return "the machine failed: \(record.product) voided, not charged"
        case .refused(let code, let escalation): return "refused: \(code.text)" + (escalation ? " (online escalation could help)" : "")
        case .declined(_, let why): return "declined: \(why)"
        case .pending(let id): return "no receipt: microcheck \(id) pending until the next contact or the statement"
        case .abandoned(let error): return "no purchase: \(error)"
        }
    }
}
