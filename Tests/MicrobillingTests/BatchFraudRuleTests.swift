import Microbilling
import Testing

/// Clearing's fraud rules applied to a whole deposit at once: each rule
/// flags a payer (and a merchant) once per batch, whatever the batch's size.
@Suite struct BatchFraudRuleTests {
    func accepted(_ receipts: [ClearingReceipt]) -> Int {
        receipts.filter { if case .accepted = $0.outcome { true } else { false } }.count
    }

    @Test func tooManyPurchasesInOneBatchFlagPayerAndMerchantOnce() throws {
        let world = World()
        let machine = try world.terminal(0, name: "VENDING 0")
        let wallet = try world.wallet([world.deliCredential()])
        var rules = ClearingRules.standard
        rules.purchasesPerMerchantPerDay = 2
        let clearing = try world.clearing([machine], rules: rules)
        let purchases = try (0..<4).map { minute in
            try buy(at: Dates.october23.adding(seconds: Int64(minute) * 60), from: machine, with: wallet)
        }
        let receipts = try clearing.clear(batch: purchases, depositedBy: machine.merchantID, sealID: "seal-1", at: Dates.at(24))
        #expect(accepted(receipts) == 4)
        #expect(try clearing.store.flags(subject: Keys.payer.publicKey.fingerprint).map(\.rule) == [.tooManyPurchasesAtMerchant])
        #expect(try clearing.store.flags(subject: machine.merchantID).map(\.rule) == [.tooManyPurchasesAtMerchant])
    }

    @Test func impossibleTravelAcrossBatchesFlagsThePayerOnce() throws {
        let world = World()
        let terminals = try (0..<2).map { try world.terminal($0, name: "VENDING \($0)") }
        let clearing = try world.clearing(terminals, locations: [
            .init(latitudeMicrodegrees: 40_000_000, longitudeMicrodegrees: -74_000_000),
            .init(latitudeMicrodegrees: 41_000_000, longitudeMicrodegrees: -86_000_000),
        ])
        let wallet = try world.wallet([world.deliCredential(until: Dates.at(26, 0))])
        let here = try buy(at: Dates.at(23, 10), from: terminals[0], with: wallet)
        let there = try (1...2).map { step in
            try buy(at: Dates.at(23, 10).adding(seconds: Int64(step) * 300), from: terminals[1], with: wallet)
        }
        #expect(accepted(try clearing.clear(batch: [here], depositedBy: terminals[0].merchantID, sealID: "seal-0", at: Dates.at(24))) == 1)
        #expect(accepted(try clearing.clear(batch: there, depositedBy: terminals[1].merchantID, sealID: "seal-1", at: Dates.at(24))) == 2)
        #expect(try clearing.store.flags(subject: Keys.payer.publicKey.fingerprint).map(\.rule) == [.impossibleTravel])
        // Control: a day later, the same trip is plausible.
        let later = try buy(at: Dates.at(23, 10).adding(seconds: 86_000), from: terminals[0], with: wallet)
        #expect(accepted(try clearing.clear(batch: [later], depositedBy: terminals[0].merchantID, sealID: "seal-2", at: Dates.at(24, 18))) == 1)
        #expect(try clearing.store.flags(subject: Keys.payer.publicKey.fingerprint).count == 1)
    }
}
