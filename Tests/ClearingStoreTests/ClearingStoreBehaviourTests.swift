import Foundation
import Microbilling
import Testing

/// The behaviours clearing relies on, run against every ledger database.
/// Payers and merchants are new names in each test, so that the shared
/// PostgreSQL tables never mix tests or runs.
@Suite struct ClearingStoreBehaviourTests {
    let payer = "payer-\(UUID().uuidString)"
    let otherPayer = "payer-\(UUID().uuidString)"
    let merchant = "M-\(UUID().uuidString)"
    let otherMerchant = "M-\(UUID().uuidString)"

    func entry(payer: String? = nil, merchant: String? = nil, nonce: String = "n-1", cents: Int64 = 55,
               second: Int64 = 0) throws -> LedgerEntry {
        LedgerEntry(payer: payer ?? self.payer, fund: "deli", merchantID: merchant ?? self.merchant,
                    amount: try Money(minorUnits: cents, currency: .usd), time: UTCTime(secondsSince1970: 972_302_400 + second),
                    nonce: nonce, microcheckID: "check-\(nonce)-\(cents)", credentialSerial: "deli-151",
                    postedAt: UTCTime(secondsSince1970: 972_388_800))
    }

    @Test(arguments: Backend.allCases)
    func postsAndReadsBackByPayerAndMerchant(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let late = try entry(nonce: "n-late", cents: 151, second: 600)
        let early = try entry(nonce: "n-early", cents: 55, second: 60)
        let elsewhere = try entry(merchant: otherMerchant, nonce: "n-elsewhere", second: 120)
        let otherPayers = try entry(payer: otherPayer, nonce: "n-other", second: 30)
        for posted in [late, early, elsewhere, otherPayers] { #expect(try store.post(posted)) }
        #expect(try store.entries(payer: payer) == [early, elsewhere, late])
        #expect(try store.entries(merchantID: merchant) == [otherPayers, early, late])
        #expect(try store.entries(merchantID: otherMerchant) == [elsewhere])
        #expect(try store.entries(payer: "payer-\(UUID().uuidString)").isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func recordsFlagsBySubjectInOrder(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let first = FraudFlag(subject: payer, rule: .impossibleTravel, detail: "900 km in 60 s", at: UTCTime(secondsSince1970: 10))
        let second = FraudFlag(subject: payer, rule: .tooManyPurchasesAtMerchant, detail: "21 purchases", at: UTCTime(secondsSince1970: 5))
        let merchants = FraudFlag(subject: merchant, rule: .doubleDeposit, detail: "check-1 again", at: UTCTime(secondsSince1970: 7))
        for flag in [first, second, merchants] { try store.addFlag(flag) }
        #expect(try store.flags(subject: payer) == [first, second])
        #expect(try store.flags(subject: merchant) == [merchants])
        #expect(try store.flags(subject: otherPayer).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func postRefusesASecondEntryForTheSameMicrocheck(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let original = try entry(nonce: "n-1", cents: 55)
        #expect(try store.post(original))
        // Same payer, merchant and nonce: refused even with another amount and id.
        #expect(try store.post(try entry(nonce: "n-1", cents: 151)) == false)
        #expect(try store.entries(payer: payer) == [original])
        // Control: the same nonce at another merchant, or for another payer, posts.
        #expect(try store.post(try entry(merchant: otherMerchant, nonce: "n-1")))
        #expect(try store.post(try entry(payer: otherPayer, nonce: "n-1")))
        #expect(try store.entries(merchantID: merchant).count == 2)
    }

    @Test(arguments: Backend.allCases)
    func databaseRefusesADuplicateThatBypassesPost(_ backend: Backend) async throws {
        let ledger = try backend.open()
        let original = try entry(nonce: "n-1", cents: 55)
        #expect(try ledger.store.post(original))
        // Control: the raw path itself inserts a new microcheck.
        let other = try entry(nonce: "n-2", cents: 60, second: 1)
        try await ledger.rawInsert(other)
        // The same microcheck again, with no application check in the way.
        let error = await #expect(throws: (any Error).self) { try await ledger.rawInsert(try entry(nonce: "n-1", cents: 151)) }
        #expect(error.map(ledger.isUniqueViolation) == true, "not a unique violation: \(String(reflecting: error))")
        #expect(try ledger.store.entries(payer: payer) == [original, other])
    }

    @Test(arguments: Backend.allCases)
    func commitsAreDurableAcrossAPowerCut(_ backend: Backend) throws {
        try backend.open().expectDurableCommits()
    }

    @Test(arguments: Backend.allCases)
    func clearingRejectsASecondDepositOfOneMicrocheck(_ backend: Backend) throws {
        let ledger = try backend.open()
        let folder = try TemporaryFolder()
        let deposit = try DepositFixture(folder: folder)
        let clearing = ClearingHouse(store: ledger.store, merchants: [deposit.account])
        let merchantID = deposit.account.merchantID
        let posted = try clearing.clear(deposit.purchase, depositedBy: merchantID, at: DepositFixture.nextDay)
        #expect(posted.nonce == deposit.purchase.offer.nonce)
        #expect(throws: ClearingHouse.Rejection.duplicate) {
            _ = try clearing.clear(deposit.purchase, depositedBy: merchantID, at: DepositFixture.nextDay.adding(seconds: 60))
        }
        #expect(try clearing.statement(merchantID: merchantID).entries == [posted])
        #expect(try ledger.store.flags(subject: merchantID).map(\.rule) == [.doubleDeposit])
    }
}
