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
    let seal = "seal-\(UUID().uuidString)"

    /// An entry whose microcheck id is unique to its payer, merchant, nonce and amount.
    func entry(payer: String? = nil, merchant: String? = nil, nonce: String = "n-1", cents: Int64 = 55,
               second: Int64 = 0) throws -> LedgerEntry {
        let payer = payer ?? self.payer, merchant = merchant ?? self.merchant
        return LedgerEntry(payer: payer, fund: "deli", merchantID: merchant,
                           amount: try Money(minorUnits: cents, currency: .usd), time: UTCTime(secondsSince1970: 972_302_400 + second),
                           nonce: nonce, microcheckID: "check-\(payer)-\(merchant)-\(nonce)-\(cents)", credentialSerial: "deli-151",
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
        #expect(try store.post([late, early, elsewhere, otherPayers], sealID: seal) == Array(repeating: .posted, count: 4))
        #expect(try store.entries(payer: payer) == [early, elsewhere, late])
        #expect(try store.entries(merchantID: merchant) == [otherPayers, early, late])
        #expect(try store.entries(merchantID: otherMerchant) == [elsewhere])
        #expect(try store.entries(payer: "payer-\(UUID().uuidString)").isEmpty)
        let window = UTCTime(secondsSince1970: 972_302_400 + 30)...UTCTime(secondsSince1970: 972_302_400 + 120)
        let slices = [LedgerSlice(payer: payer, merchantID: nil, offerTimes: window),
                      LedgerSlice(payer: payer, merchantID: merchant, offerTimes: window),
                      LedgerSlice(payer: otherPayer, merchantID: otherMerchant, offerTimes: window),
                      LedgerSlice(payer: otherPayer, merchantID: merchant, offerTimes: window)]
        #expect(try store.visits(in: slices) == [otherPayers, early, elsewhere].map(\.visit))
    }

    /// Lists of ids and slices reach the database whole, whatever their
    /// texts hold (SQLite receives them as one JSON parameter).
    @Test(arguments: Backend.allCases)
    func idsAndPayersWithQuotesBackslashesAndControlCharactersAreLookedUp(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let odd = "\(payer)-\"q\" \\ / \u{1}\t é"
        let entry = try entry(payer: odd, nonce: "n-\"\\\u{7f}")
        #expect(try store.post([entry], sealID: seal) == [.posted])
        let odder = PostingKey(payer: "\"]", merchantID: "\\", nonce: entry.nonce)
        #expect(try store.postings(of: [odder, entry.postingKey]) == [entry.postingKey: Posting(microcheckID: entry.microcheckID, sealID: seal)])
        let day = entry.time.startOfDay...entry.time.startOfDay.adding(seconds: 86_399)
        #expect(try store.visits(in: [LedgerSlice(payer: odd, merchantID: merchant, offerTimes: day),
                                      LedgerSlice(payer: "\u{1f}\"", merchantID: nil, offerTimes: day)]) == [entry.visit])
    }

    @Test(arguments: Backend.allCases)
    func recordsFlagsBySubjectInOrder(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let first = FraudFlag(subject: payer, rule: .impossibleTravel, detail: "900 km in 60 s", at: UTCTime(secondsSince1970: 10))
        let second = FraudFlag(subject: payer, rule: .tooManyPurchasesAtMerchant, detail: "21 purchases", at: UTCTime(secondsSince1970: 5))
        let merchants = FraudFlag(subject: merchant, rule: .doubleDeposit, detail: "check-1 again", at: UTCTime(secondsSince1970: 7))
        try store.addFlags([first, second, merchants])
        let third = FraudFlag(subject: payer, rule: .historyUnderstated, detail: "one flag alone", at: UTCTime(secondsSince1970: 11))
        try store.addFlag(third)
        #expect(try store.flags(subject: payer) == [first, second, third])
        #expect(try store.flags(subject: merchant) == [merchants])
        #expect(try store.flags(subject: otherPayer).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func postRefusesASecondEntryForTheSameMicrocheck(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let original = try entry(nonce: "n-1", cents: 55)
        #expect(try store.post([original], sealID: seal) == [.posted])
        // Same payer, merchant and nonce: refused even with another amount and id.
        #expect(try store.post([try entry(nonce: "n-1", cents: 151)], sealID: seal) == [.duplicate(sameSeal: true)])
        #expect(try store.entries(payer: payer) == [original])
        // Control: the same nonce at another merchant, or for another payer, posts.
        #expect(try store.post([try entry(merchant: otherMerchant, nonce: "n-1")], sealID: seal) == [.posted])
        #expect(try store.post([try entry(payer: otherPayer, nonce: "n-1")], sealID: seal) == [.posted])
        #expect(try store.entries(merchantID: merchant).count == 2)
    }

    @Test(arguments: Backend.allCases)
    func batchPostAnswersEachEntryAndTellsRetriesFromSecondDeposits(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let first = try entry(nonce: "n-1"), second = try entry(nonce: "n-2", second: 1), third = try entry(nonce: "n-3", second: 2)
        #expect(try store.post([first, second], sealID: seal) == [.posted, .posted])
        // The same seal again (a retry), with a new entry and that entry twice.
        #expect(try store.post([first, third, third], sealID: seal) == [.duplicate(sameSeal: true), .posted, .duplicate(sameSeal: true)])
        // Another seal: a second deposit, of the same microcheck or of another text with its payer, merchant and nonce.
        var sameOffer = try entry(nonce: "n-2", second: 1)
        sameOffer.microcheckID += "-rewritten"
        #expect(try store.post([second, sameOffer], sealID: "other-\(seal)") == [.duplicate(sameSeal: false), .duplicate(sameSeal: false)])
        #expect(try store.entries(payer: payer) == [first, second, third])
        let unknown = try entry(nonce: "n-\(UUID().uuidString)")
        #expect(try store.postings(of: [first.postingKey, third.postingKey, unknown.postingKey])
                == [first.postingKey: Posting(microcheckID: first.microcheckID, sealID: seal),
                    third.postingKey: Posting(microcheckID: third.microcheckID, sealID: seal)])
    }

    @Test(arguments: Backend.allCases)
    func depositsPostedInOneTransactionAnswerEachAndTellSecondDeposits(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let first = try entry(nonce: "n-1"), second = try entry(nonce: "n-2", second: 1)
        let results = try store.post([SealedPosting(entries: [first, second], sealID: seal),
                                      SealedPosting(entries: [], sealID: "empty-\(seal)"),
                                      SealedPosting(entries: [second], sealID: "other-\(seal)")])
        #expect(results == [[.posted, .posted], [], [.duplicate(sameSeal: false)]])
        #expect(try store.postings(of: [second.postingKey]) == [second.postingKey: Posting(microcheckID: second.microcheckID, sealID: seal)])
        #expect(try store.entries(payer: payer) == [first, second])
    }

    @Test(arguments: Backend.allCases)
    func databaseRefusesADuplicateThatBypassesPost(_ backend: Backend) async throws {
        let ledger = try backend.open()
        let original = try entry(nonce: "n-1", cents: 55)
        #expect(try ledger.store.post([original], sealID: seal) == [.posted])
        // Control: the raw path itself inserts a new microcheck.
        let other = try entry(nonce: "n-2", cents: 60, second: 1)
        try await ledger.rawInsert([other], sealID: seal)
        // The same microcheck again, with no application check in the way.
        let error = await #expect(throws: (any Error).self) { try await ledger.rawInsert([try entry(nonce: "n-1", cents: 151)], sealID: seal) }
        #expect(error.map(ledger.isUniqueViolation) == true, "not a unique violation: \(String(reflecting: error))")
        #expect(try ledger.store.entries(payer: payer) == [original, other])
    }

    @Test(arguments: Backend.allCases)
    func databaseRefusesAWholeBatchThatBypassesPost(_ backend: Backend) async throws {
        let ledger = try backend.open()
        let original = try entry(nonce: "n-1")
        #expect(try ledger.store.post([original], sealID: seal) == [.posted])
        let fresh = try entry(nonce: "n-2", second: 1)
        // A batch holding the posted microcheck's payer, merchant and nonce under another id and amount: refused as a whole.
        let sameKey = try entry(nonce: "n-1", cents: 151, second: 2)
        let byKey = await #expect(throws: (any Error).self) { try await ledger.rawInsert([fresh, sameKey], sealID: "other-\(seal)") }
        #expect(byKey.map(ledger.isUniqueViolation) == true, "not a unique violation: \(String(reflecting: byKey))")
        // A batch repeating one microcheck inside itself: refused as a whole.
        let twice = await #expect(throws: (any Error).self) { try await ledger.rawInsert([fresh, fresh], sealID: seal) }
        #expect(twice.map(ledger.isUniqueViolation) == true, "not a unique violation: \(String(reflecting: twice))")
        #expect(try ledger.store.entries(payer: payer) == [original])
        // Control: the same raw batch without the duplicates inserts.
        try await ledger.rawInsert([fresh], sealID: seal)
        #expect(try ledger.store.entries(payer: payer) == [original, fresh])
    }

    @Test(arguments: Backend.allCases)
    func quarantineKeepsEachRejectionOnce(_ backend: Backend) throws {
        let ledger = try backend.open()
        let store = ledger.store
        let received = UTCTime(secondsSince1970: 972_388_800)
        let forged = QuarantinedDeposit(microcheckID: "check-\(UUID().uuidString)", merchantID: merchant, sealID: seal,
                                        reason: ClearingHouse.Rejection.notAuthorized.code, detail: "signature", receivedAt: received)
        let late = QuarantinedDeposit(microcheckID: "check-\(UUID().uuidString)", merchantID: merchant, sealID: seal,
                                      reason: ClearingHouse.Rejection.outsideDepositWindow.code, detail: "31 days", receivedAt: received)
        var resent = forged
        resent.sealID = "other-\(seal)"
        try store.quarantine([forged, late])
        try store.quarantine([forged, resent])
        #expect(try store.quarantined(merchantID: merchant, limit: 10) == [forged, late, resent])
        #expect(try store.quarantined(merchantID: merchant, limit: 2) == [forged, late])
        #expect(try store.quarantined(merchantID: otherMerchant, limit: 10).isEmpty)
        #expect(try store.quarantined(merchantID: nil, limit: 100_000).contains(late))
    }

    @Test(arguments: Backend.allCases)
    func ledgerDigestAndCountFollowThePostedEntriesOnly(_ backend: Backend) async throws {
        let ledger = try await backend.openEmpty()
        let store = ledger.store
        let empty = try store.ledgerDigest()
        #expect(try store.entryCount() == 0)
        let first = try entry(nonce: "n-1"), second = try entry(nonce: "n-2", second: 1)
        #expect(try store.post([second, first], sealID: seal) == [.posted, .posted])
        let posted = try store.ledgerDigest()
        #expect(posted != empty)
        #expect(try store.entryCount() == 2)
        // Duplicates, flags and quarantined deposits leave it unchanged.
        _ = try store.post([first], sealID: "other-\(seal)")
        try store.addFlag(FraudFlag(subject: merchant, rule: .doubleDeposit, detail: "again", at: first.postedAt))
        try store.quarantine([QuarantinedDeposit(microcheckID: "x", merchantID: merchant, sealID: seal, reason: "malformed",
                                                 detail: "", receivedAt: first.postedAt)])
        #expect(try store.ledgerDigest() == posted)
        // The same entries posted in another order, on another ledger, digest the same.
        let again = try SQLiteLedger()
        _ = try again.store.post([first, second], sealID: seal)
        #expect(try again.store.ledgerDigest() == posted)
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
