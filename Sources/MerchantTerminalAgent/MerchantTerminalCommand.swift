import ArgumentParser
import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckCrypto
import MicrocheckLink
import SerialLink
import VendingController

/// The merchant terminal: drives a vending machine through its controller
/// line, sells to payers over an IR or serial line, journals every
/// microcheck durably before the motor runs.
@main
struct MerchantTerminalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchant-terminal",
        abstract: "Sell from a vending machine for KeyNote microchecks.",
        subcommands: [Run.self, Journal.self]
    )
}

/// The settings of a merchant terminal's configuration file.
struct MerchantSettings {
    static let names: Set<String> = ["key-file", "merchant-id", "name", "app-domain", "currency", "issuers", "link-device",
                                     "controller-device", "baud", "journal", "journal-capacity", "clock-synchronised"]

    let key: KeyNotePrivateKey
    let merchantID: String
    let name: String
    let policy: MerchantPolicy
    let currency: Currency
    let linkDevice: String
    let controllerDevice: String
    let baud: BaudRate
    let journalPath: String
    let journalCapacity: Int
    /// When the clock was last set from a trusted source; nil: trust it at start.
    let clockSynchronised: UTCTime?

    init(path: String) throws {
        let config = try AgentConfiguration(path: path, known: Self.names)
        key = try config.required("key-file") { try KeyFile.read(from: config.resolve($0)) }
        merchantID = try config.required("merchant-id") { $0 }
        name = try config.required("name") { $0 }
        currency = try config.required("currency") { text in
            let parts = text.split(separator: "/")
            guard parts.count == 2, let digits = Int(parts[1]) else { throw ValidationError("write it as CODE/DIGITS, e.g. USD/2") }
            return try Currency(code: String(parts[0]), minorDigits: digits)
        }
        let issuers = try config.publicKeys("issuers")
        policy = try config.required("app-domain") { try MerchantPolicy(appDomain: $0, trustedIssuers: issuers) }
        linkDevice = try config.required("link-device") { $0 }
        controllerDevice = try config.required("controller-device") { $0 }
        baud = try config.baud()
        journalPath = try config.required("journal") { config.resolve($0) }
        journalCapacity = try config.optional("journal-capacity") { text in
            guard let value = Int(text), value > 0 else { throw ValidationError("a positive count") }
            return value
        } ?? 10_000
        clockSynchronised = try config.optional("clock-synchronised") { try UTCTime(stamp: $0) }
    }
}

extension MerchantTerminalCommand {
    /// Sells until stopped.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve payers until stopped (or for --customers contacts).")

        @Option(help: "The configuration file.") var config: String
        @Option(help: "Stop after this many purchases or refusals (0: never).") var customers: Int = 0

        func run() throws {
            // A parent may have left SIGTERM ignored or blocked; the terminal must stop on it.
            signal(SIGTERM, SIG_DFL)
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGTERM)
            sigprocmask(SIG_UNBLOCK, &signals, nil)
            let settings = try MerchantSettings(path: config)
            let journal = try SQLiteMerchantJournal(path: settings.journalPath)
            let terminal = try MerchantTerminal(name: settings.name, merchantID: settings.merchantID, key: settings.key.publicKey,
                                                policy: settings.policy, journal: journal)
            let machine = try VendingMachineDriver(transport: ByteChannelLineTransport(channel: SerialPort(device: settings.controllerDevice, baud: .b9600)))
            try settleAfterRestart(journal: journal, machine: machine)
            let link = ReliableLink(channel: try SerialPort(device: settings.linkDevice, baud: settings.baud), timing: .forLine(settings.baud))
            let capacity = settings.journalCapacity
            let started = UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
            let clock = GuardedClock(ClockGuard(lastSynchronised: settings.clockSynchronised ?? started,
                                                latestUsed: try journal.latestOfferTime() ?? started)) { verdict in
                FileHandle.standardError.write(Data("clock flagged: \(verdict)\n".utf8))
                machine.show("CHECK CLOCK|CALL OPERATOR")
            }
            let failAfterJournal = ProcessInfo.processInfo.environment["MICROCHECK_FAILPOINT"] == "after-journal"
            let conversation = try MerchantConversation(
                link: link, terminal: terminal, sealKey: settings.key, currency: settings.currency, dispenser: machine, selections: machine,
                credentials: CredentialCache(),
                acceptsPurchases: { ((try? journal.pendingDeposits(limit: capacity).count) ?? capacity) < capacity },
                afterJournal: { purchase in
                    if failAfterJournal {
                        FileHandle.standardError.write(Data("failpoint after-journal: \(purchase.microcheckID)\n".utf8))
                        Foundation.exit(86)
                    }
                },
                clock: { clock.read() })
            var served = 0
            machine.show("POINT YOUR PDA|AND CHOOSE")
            while customers == 0 || served < customers {
                let outcome = conversation.serveOne()
                if case .idle = outcome { continue }
                served += 1
                print(describe(outcome))
                machine.show(display(outcome))
            }
        }

        /// A journal entry without outcome means the terminal stopped between
        /// the journal and the motor: the controller's LAST tells whether the
        /// motor ran for it.
        private func settleAfterRestart(journal: SQLiteMerchantJournal, machine: VendingMachineDriver) throws {
            let open = try journal.unsettled()
            guard !open.isEmpty else { return }
            let last = try machine.lastVend()
            for purchase in open {
                let vended = last.map { $0.id.text == purchase.microcheckID && $0.result == .vended } ?? false
                try journal.settle(microcheckID: purchase.microcheckID, as: vended ? .dispensed : .voided)
                print("after restart: \(purchase.microcheckID) \(vended ? "was dispensed" : "was not dispensed: voided")")
            }
        }

        private func describe(_ outcome: MerchantConversation.Outcome) -> String {
            switch outcome {
            case .idle: return "idle"
            case .dispensed(let purchase): return "dispensed \(purchase.offer.product) for \(purchase.offer.price): \(purchase.microcheckID)"
            case .voided(let purchase): return "voided \(purchase.microcheckID): the machine failed"
            case .undetermined(let purchase): return "journaled \(purchase.microcheckID); the machine did not answer"
            case .refused(let code, let detail): return "refused (\(code.text)): \(detail)"
            case .declined(let reason): return "declined by the payer (\(reason))"
            case .deposited(let count): return "handed \(count) purchases to a gateway"
            case .abandoned(let error): return "contact lost: \(error)"
            }
        }

        private func display(_ outcome: MerchantConversation.Outcome) -> String {
            switch outcome {
            case .dispensed: return "THANK YOU|ENJOY"
            case .voided: return "SORRY - JAMMED|NOT CHARGED"
            case .refused(.journalFull, _): return "FULL - NOT SELLING|CALL OPERATOR"
            case .refused(let code, _): return "REFUSED|\(code.text.uppercased())"
            default: return "POINT YOUR PDA|AND CHOOSE"
            }
        }
    }

    /// Lists the journal.
    struct Journal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List journaled purchases not yet deposited.")

        @Option(help: "The configuration file.") var config: String

        func run() throws {
            let settings = try MerchantSettings(path: config)
            let journal = try SQLiteMerchantJournal(path: settings.journalPath)
            for purchase in try journal.pendingDeposits(limit: 1000) {
                print("\(purchase.offer.time.stamp)  \(purchase.offer.price)  \(purchase.offer.product)  \(purchase.microcheckID)")
            }
        }
    }
}
