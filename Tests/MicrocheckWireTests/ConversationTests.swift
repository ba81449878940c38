import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckCrypto
import MicrocheckLink
import MicrocheckScenarios
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
    static let now = UTCTime(secondsSince1970: 1_795_000_000)
    let world: PurchaseWorld
    var terminal: MerchantTerminal { world.terminal }
    var wallet: PayerWallet { world.wallet }

    init(payerAlgorithm: KeyAlgorithm = .ed25519, limit: Int64 = 500) throws {
        world = try PurchaseWorld(folder: NSTemporaryDirectory() + "conversation-\(UUID().uuidString)",
                                  payerAlgorithm: payerAlgorithm, now: Self.now, limit: limit)
    }

    func purchase(machine: FakeMachine, dropRate: Double = 0, at time: UTCTime = Stand.now) throws -> PurchaseWorld.Run {
        let (a, b) = LossyChannel.pair(seed: 3, dropRate: dropRate)
        return try world.purchase(payerLine: a, merchantLine: b,
                                  timing: LinkTiming(turnaround: .zero, retransmitTimeout: .milliseconds(60), attempts: 20),
                                  dispenser: machine, selections: machine, at: time,
                                  timeouts: ConversationTimeouts(hello: .seconds(5), selection: .seconds(1), reply: .seconds(5), offer: .seconds(5)))
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
        print("wire bytes, Ed25519 payer: first purchase \(first.bytes), repeat \(repeated.bytes) (\(repeated.frameBytes) before stuffing, \(repeated.frames) frames)")
        #expect(repeated.bytes < first.bytes)
        #expect(repeated.bytes <= 240)
        // Pinned: a repeat purchase costs exactly this many frame bytes (reset,
        // hello, offer, microcheck, receipt and their acknowledgements).
        #expect(repeated.frameBytes == 211)
        #expect(repeated.frames == 10)
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

/// A machine that answers nothing when asked to dispense: the purchase stays journaled and unsettled.
final class SilentMachine: Dispenser, SelectionSource, @unchecked Sendable {
    func dispense(selection: Int, paymentID: String) throws -> Bool { throw CancellationError() }
    func nextSelection(timeout: Duration) throws -> Selection? { ConversationTests.soda }
}

@Suite struct PendingPaymentTests {
    @Test func aPendingMicrocheckIsSettledByTheJournalAtTheNextContact() throws {
        let stand = try Stand()
        // The machine does not answer: the merchant journals and sends no receipt; the payer keeps it pending.
        let (a, b) = LossyChannel.pair()
        let quick = ConversationTimeouts(hello: .seconds(5), selection: .seconds(1), reply: .milliseconds(500), offer: .seconds(5))
        let first = try stand.world.purchase(payerLine: a, merchantLine: b,
                                             timing: LinkTiming(turnaround: .zero, retransmitTimeout: .milliseconds(60), attempts: 20),
                                             dispenser: SilentMachine(), selections: SilentMachine(), at: Stand.now, timeouts: quick)
        guard case .pending(let id) = first.payer, case .undetermined(let purchase) = first.merchant, purchase.microcheckID == id else {
            Issue.record("\(first.payer) / \(first.merchant)")
            return
        }
        #expect(try stand.wallet.records.records().map(\.status) == [.pending])
        // The terminal restarts and learns from the controller that the motor never ran.
        try stand.terminal.journal.settle(microcheckID: id, as: .voided)
        // At the next contact the payer asks, and its record follows the journal.
        let next = try stand.purchase(machine: FakeMachine(selection: ConversationTests.soda), at: Stand.now.adding(seconds: 60))
        guard case .dispensed = next.payer else {
            Issue.record("\(next.payer)")
            return
        }
        #expect(try stand.wallet.records.records().map(\.status) == [.voided, .dispensed])
    }
}

@Suite struct DepositHandOverTests {
    @Test func aGatewayCollectsTheJournalInBatchesAndTheRecordsReadBack() throws {
        let stand = try Stand()
        var bought: [String] = []
        for minute in 0..<20 {
            let run = try stand.purchase(machine: FakeMachine(selection: ConversationTests.soda), at: Stand.now.adding(seconds: Int64(minute) * 60))
            guard case .dispensed(let purchase) = run.merchant else {
                Issue.record("\(run.merchant)")
                return
            }
            bought.append(purchase.microcheckID)
        }
        let spool = try SQLiteGatewaySpool(path: NSTemporaryDirectory() + "spool-\(UUID().uuidString).sqlite")
        let (a, b) = LossyChannel.pair(seed: 9, dropRate: 0.1)
        let timing = LinkTiming(turnaround: .zero, retransmitTimeout: .milliseconds(60), attempts: 20)
        let merchantLink = ReliableLink(channel: b, timing: timing)
        let merchant = try MerchantConversation(link: merchantLink, terminal: stand.terminal, sealKey: stand.world.merchantKey, currency: .usd,
                                                dispenser: FakeMachine(selection: ConversationTests.soda),
                                                selections: FakeMachine(selection: ConversationTests.soda),
                                                credentials: stand.world.credentials, clock: { Stand.now })
        let (outcome, merchantOutcome) = try PurchaseWorld.serveOne(merchant, on: merchantLink) {
            CollectorConversation(link: ReliableLink(channel: a, timing: timing), spool: spool).collect()
        }
        guard case .collected("M-1", 20) = outcome, case .deposited(20) = merchantOutcome else {
            Issue.record("\(outcome) / \(merchantOutcome)")
            return
        }
        let spooled = try spool.pending(limit: 100)
        #expect(Set(spooled.map(\.microcheckID)) == Set(bought))
        // Each entry keeps the merchant's seal over its hand-over, which the merchant's key verifies.
        #expect(Set(try spooled.map { try $0.seal.id }).count == 2)
        #expect(spooled.allSatisfy { $0.seal.verify(by: stand.terminal.key) && $0.seal.microcheckIDs.contains($0.microcheckID) })
        #expect(try spool.depth() == 20)
        #expect(try stand.terminal.journal.pendingDeposits(limit: 100).isEmpty)
        // The records read back to the purchases clearing will verify.
        let first = try DepositRecord.decode(try #require(spooled.first).record)
        #expect(bought.contains(first.microcheckID))
        #expect(try Microcheck(text: first.microcheck).isBound(to: first.offer))
        // A second collection finds nothing new.
        try spool.retire(microcheckIDs: [first.microcheckID])
        #expect(try spool.pending(limit: 100).count == 19)
        #expect(try spool.depth() == 19)
    }
}
