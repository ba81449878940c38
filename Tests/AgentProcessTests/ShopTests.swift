import BuiltPrograms
import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckScenarios
import Testing

/// The shop as processes: vending-sim, irlink-sim, merchant-terminal and payer-agent, on ptys.
@Suite(.serialized) struct ShopTests {
    /// Purchases of the noisy-link test: 200 (the acceptance figure); NOISY_PURCHASES=N for a quicker local run.
    static let noisyPurchases = Int(ProcessInfo.processInfo.environment["NOISY_PURCHASES"] ?? "") ?? 200

    func shop(_ link: SimulatedShop.Link, environment: [String: String] = [:]) throws -> SimulatedShop {
        let folder = try #require(BuiltPrograms.url(of: "merchant-terminal")?.deletingLastPathComponent(),
                                  "the agents and simulators are not built")
        return try SimulatedShop(binaries: folder, folder: NSTemporaryDirectory() + "shop-\(UUID().uuidString)", link: link,
                                 terminalEnvironment: environment)
    }

    func journal(_ shop: SimulatedShop) throws -> SQLiteMerchantJournal {
        try SQLiteMerchantJournal(path: shop.setup.folder + "/journal.sqlite")
    }

    func records(_ shop: SimulatedShop) throws -> [TransactionRecord] {
        try SQLiteTransactionRecords(path: shop.setup.folder + "/wallet.sqlite").records()
    }

    /// Every vend in the machine's own log is for a journaled microcheck, and no payment vended twice.
    func expectMotorLogConsistent(_ shop: SimulatedShop) throws {
        let vended = shop.motorLog().filter(\.vended).map(\.paymentID)
        #expect(Set(vended).count == vended.count, "a payment dispensed twice")
        let journal = try journal(shop)
        for id in vended {
            #expect(try journal.outcome(ofMicrocheckPrefix: id) != nil, "dispensed \(id) without a journaled microcheck")
        }
    }

    @Test func aPurchaseCompletesAt9600BaudInRealTime() throws {
        let shop = try shop(.init(baud: 9600))
        let first = try shop.purchase(selection: 2)
        #expect(first.status == 0, "\(first.summary)")
        let repeated = try shop.purchase(selection: 1)
        #expect(repeated.status == 0, "\(repeated.summary)")
        #expect(shop.motorLog().filter(\.vended).count == 2)
        #expect(try records(shop).map(\.status) == [.dispensed, .dispensed])
        try expectMotorLogConsistent(shop)
    }

    @Test func twoHundredPurchasesOverANoisyLossyLink() throws {
        let shop = try shop(.init(baud: 115_200, bitErrorRate: 1e-4, frameLoss: 0.05, seed: 42))
        for selection in 1...4 { try shop.restock(selection, count: 60) }
        var statuses: [Int32: Int] = [:]
        var durations: [Duration] = []
        for index in 0..<Self.noisyPurchases {
            let start = ContinuousClock.now
            let purchase = try shop.purchase(selection: index % 4 + 1, timeout: .seconds(60))
            durations.append(ContinuousClock.now - start)
            statuses[purchase.status, default: 0] += 1
            #expect([0, 2, 3].contains(purchase.status), "\(purchase.summary)")
        }
        let dispensed = shop.motorLog().filter(\.vended).count
        durations.sort()
        print("\(Self.noisyPurchases) purchases at 115200 baud, BER 1e-4, 5% frame loss: payer exits \(statuses), motor runs \(dispensed), "
              + "time per purchase median \(durations[durations.count / 2]), 95th percentile \(durations[durations.count * 95 / 100]), max \(durations[durations.count - 1])")
        #expect(dispensed >= Self.noisyPurchases * 95 / 100)
        try expectMotorLogConsistent(shop)
    }

    @Test func aLinkCutMidPurchaseLeavesBothSidesReady() throws {
        let shop = try shop(.init(baud: 9600))
        // The payer walks away 300 ms into its first purchase, while its credential crosses at 9,600 baud.
        let cut = try shop.purchase(selection: 1, timeout: .seconds(30), cutAfter: .milliseconds(300))
        #expect(cut.status != 0, "\(cut.summary)")
        #expect(shop.motorLog().isEmpty)
        let next = try shop.purchase(selection: 3)
        #expect(next.status == 0, "\(next.summary)")
        try expectMotorLogConsistent(shop)
        #expect(try records(shop).last?.status == .dispensed)
    }

    @Test func killedBetweenJournalAndMotorDispensesAtMostOnce() throws {
        let shop = try shop(.init(baud: 115_200), environment: ["MICROCHECK_FAILPOINT": "after-journal"])
        let interrupted = try shop.purchase(selection: 2, timeout: .seconds(30))
        #expect(interrupted.status == 3, "the payer keeps the microcheck pending: \(interrupted.summary)")
        #expect(shop.terminalExit(timeout: .seconds(10)) == 86)
        let pending = try #require(try records(shop).first)
        #expect(pending.status == .pending)
        #expect(try journal(shop).outcome(ofMicrocheckPrefix: pending.microcheckID) == .pending)
        // Restarted without the failpoint, the terminal asks the machine and voids what it never dispensed.
        try shop.startTerminal()
        let next = try shop.purchase(selection: 1)
        #expect(next.status == 0, "\(next.summary)")
        #expect(try journal(shop).outcome(ofMicrocheckPrefix: pending.microcheckID) == .settled(.voided))
        #expect(try records(shop).map(\.status) == [.voided, .dispensed])
        #expect(!shop.motorLog().contains { $0.paymentID == pending.microcheckID })
        try expectMotorLogConsistent(shop)
    }
}
