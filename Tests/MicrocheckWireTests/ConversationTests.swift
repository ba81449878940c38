import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckCrypto
import MicrocheckLink
import MicrocheckWire
import SerialLink
import Synchronization
import Testing

/// A machine whose motor works unless told otherwise, and whose buttons are pressed by the test.
final class FakeMachine: Dispenser, SelectionSource, @unchecked Sendable {
    let motorWorks: Bool
    let selection: Selection
    let dispensed = Mutex<[String]>([])
    init(selection: Selection, motorWorks: Bool = true) {
        self.selection = selection
        self.motorWorks = motorWorks
    }
    func dispense(selection: Int, paymentID: String) throws -> Bool {
        if motorWorks { dispensed.withLock { $0.append(paymentID) } }
        return motorWorks
    }
    func nextSelection(timeout: Duration) throws -> Selection? { selection }
}

/// A purchase between a payer and a merchant in one process, over an in-memory line.
struct Stand {
    let folder = NSTemporaryDirectory() + "conversation-\(UUID().uuidString)"
    let pa: KeyNotePrivateKey
    let payer: KeyNotePrivateKey
    let merchantKey: KeyNotePrivateKey
    let terminal: MerchantTerminal
    let wallet: PayerWallet
    let credentials = CredentialCache()
    let cards = MerchantCardCache()
    static let now = UTCTime(secondsSince1970: 1_795_000_000)

    init(payerAlgorithm: KeyAlgorithm = .ed25519, limit: Int64 = 500) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        pa = try KeyNotePrivateKey.generate(.ed25519, bits: 256)
        payer = try KeyNotePrivateKey.generate(payerAlgorithm, bits: payerAlgorithm == .rsa ? 1024 : 256)
        merchantKey = try KeyNotePrivateKey.generate(.ed25519, bits: 256)
        let policy = try MerchantPolicy(appDomain: "vending", trustedIssuers: [pa.publicKey])
        terminal = try MerchantTerminal(name: "KeyNote Soda Machine", merchantID: "M-1", key: merchantKey.publicKey, policy: policy,
                                        journal: SQLiteMerchantJournal(path: folder + "/journal.sqlite"))
        var terms = CredentialTerms(kind: .payer, serial: "daily-1", appDomain: "vending",
                                    notBefore: Self.now.adding(seconds: -3600), notAfter: Self.now.adding(seconds: 86_400))
        terms.currency = .usd
        terms.perPurchaseLimit = limit
        terms.purchasesPerMerchantPerDay = 5
        let credential = try SignedCredential.issue(terms: terms, by: pa, to: payer.publicKey)
        wallet = PayerWallet(key: payer, issuers: [pa.publicKey], credentials: [credential], approval: .ask({ _ in true }),
                             records: try SQLiteTransactionRecords(path: folder + "/wallet.sqlite"))
    }

    /// Runs one purchase; returns both outcomes and the bytes each side wrote.
    func purchase(machine: FakeMachine, dropRate: Double = 0, at time: UTCTime = Stand.now)
        throws -> (payer: PayerConversation.Outcome, merchant: MerchantConversation.Outcome, bytes: Int) {
        let (a, b) = LossyChannel.pair(seed: 3, dropRate: dropRate)
        let timing = LinkTiming(turnaround: .zero, retransmitTimeout: .milliseconds(60), attempts: 20)
        let payerLink = ReliableLink(channel: a, timing: timing)
        let merchantLink = ReliableLink(channel: b, timing: timing)
        let timeouts = ConversationTimeouts(hello: .seconds(5), selection: .seconds(1), reply: .seconds(5), offer: .seconds(5))
        let merchant = try MerchantConversation(link: merchantLink, terminal: terminal, currency: .usd, dispenser: machine,
                                                selections: machine, credentials: credentials, timeouts: timeouts, clock: { time })
        let merchantOutcome = Mutex<MerchantConversation.Outcome?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let outcome = merchant.serveOne()
            merchantOutcome.withLock { $0 = outcome }
            // Acknowledge the last frames while the payer finishes.
            _ = try? merchantLink.receive(timeout: .milliseconds(200))
            done.signal()
        }
        let payerOutcome = PayerConversation(link: payerLink, wallet: wallet, cards: cards, timeouts: timeouts).purchase()
        done.wait()
        guard let outcome = merchantOutcome.withLock({ $0 }) else { throw CancellationError() }
        return (payerOutcome, outcome, payerLink.statistics.bytesSent + merchantLink.statistics.bytesSent)
    }
}

@Suite struct ConversationTests {
    static let soda = Selection(number: 3, product: "Pocari Sweat", category: "drink", priceMinor: 83, soldOut: false)

    @Test func firstAndRepeatPurchaseWithAnEd25519Payer() throws {
        let stand = try Stand()
        let machine = FakeMachine(selection: Self.soda)
        let first = try stand.purchase(machine: machine)
        guard case .dispensed(let record) = first.payer, case .dispensed(let purchase) = first.merchant else {
            Issue.record("first purchase: \(first.payer) / \(first.merchant)")
            return
        }
        #expect(record.status == .dispensed && record.microcheckID == purchase.microcheckID)
        #expect(machine.dispensed.withLock { $0 } == [purchase.microcheckID])
        let repeated = try stand.purchase(machine: machine, at: Stand.now.adding(seconds: 60))
        guard case .dispensed = repeated.payer, case .dispensed = repeated.merchant else {
            Issue.record("repeat purchase: \(repeated.payer) / \(repeated.merchant)")
            return
        }
        print("wire bytes, Ed25519 payer: first purchase \(first.bytes), repeat \(repeated.bytes)")
        #expect(repeated.bytes < first.bytes)
        #expect(repeated.bytes <= 240)
        #expect(try stand.terminal.journal.unsettled().isEmpty)
    }

    @Test func motorFailureVoidsThePurchase() throws {
        let stand = try Stand()
        let result = try stand.purchase(machine: FakeMachine(selection: Self.soda, motorWorks: false))
        guard case .voided(let record) = result.payer, case .voided(let purchase) = result.merchant else {
            Issue.record("\(result.payer) / \(result.merchant)")
            return
        }
        #expect(record.status == .voided)
        #expect(try stand.terminal.journal.pendingDeposits(limit: 10).isEmpty)
        #expect(try stand.terminal.journal.containsPurchase(nonce: purchase.offer.nonce, microcheckID: purchase.microcheckID))
    }

    @Test func overTheLimitIsRefusedWithItsReason() throws {
        let stand = try Stand(limit: 50)
        let result = try stand.purchase(machine: FakeMachine(selection: Self.soda))
        guard case .declined(.noCredential, _) = result.payer else {
            Issue.record("the wallet should decline locally: \(result.payer)")
            return
        }
        guard case .declined(.noCredential) = result.merchant else {
            Issue.record("\(result.merchant)")
            return
        }
    }

    @Test func soldOutIsRefusedBeforeAnyMicrocheck() throws {
        let stand = try Stand()
        var empty = Self.soda
        empty.soldOut = true
        let result = try stand.purchase(machine: FakeMachine(selection: empty))
        guard case .refused(.soldOut, _) = result.payer, case .refused(.soldOut, _) = result.merchant else {
            Issue.record("\(result.payer) / \(result.merchant)")
            return
        }
        #expect(try stand.wallet.records.records().isEmpty)
    }

    @Test func lossyLineStillPaysOnce() throws {
        let stand = try Stand()
        let machine = FakeMachine(selection: Self.soda)
        let result = try stand.purchase(machine: machine, dropRate: 0.15)
        guard case .dispensed = result.payer, case .dispensed = result.merchant else {
            Issue.record("\(result.payer) / \(result.merchant)")
            return
        }
        #expect(machine.dispensed.withLock { $0.count } == 1)
    }
}
