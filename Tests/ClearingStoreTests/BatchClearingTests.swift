import Foundation
import Microbilling
import MicrocheckCrypto
import Testing

/// `ClearingHouse.clear(batch:...)` on every ledger database, with real
/// signed microchecks: receipts in order, each kind of rejection
/// quarantined, exactly-once posting across retries and second deposits.
@Suite struct BatchClearingTests {
    let folder: TemporaryFolder
    let deposit: DepositFixture
    /// Deposits made a day after the purchases; one day's deposit window.
    let receivedAt = DepositFixture.nextDay
    let rules: ClearingRules

    init() throws {
        folder = try TemporaryFolder()
        deposit = try DepositFixture(folder: folder)
        var rules = ClearingRules.standard
        rules.depositWindow = 86_400
        self.rules = rules
    }

    var merchantID: String { deposit.account.merchantID }

    /// `count` purchases a minute apart from noon on October 23 (the first is the fixture's).
    func purchases(_ count: Int) throws -> [AcceptedPurchase] {
        try [deposit.purchase] + (1..<count).map { minute in
            try deposit.buy(at: DepositFixture.purchaseTime.adding(seconds: Int64(minute) * 60))
        }
    }

    func accepted(_ receipts: [ClearingReceipt]) -> [LedgerEntry] {
        receipts.compactMap { if case .accepted(let entry) = $0.outcome { entry } else { nil } }
    }

    @Test(arguments: Backend.allCases)
    func batchClearPostsEveryPurchaseAndAnswersInOrder(_ backend: Backend) throws {
        let ledger = try backend.open()
        let clearing = ClearingHouse(store: ledger.store, merchants: [deposit.account], rules: rules)
        let batch = try purchases(12)
        let receipts = try clearing.clear(batch: batch, depositedBy: merchantID, sealID: "seal-\(UUID().uuidString)", at: receivedAt)
        #expect(receipts.map(\.microcheckID) == batch.map(\.microcheckID))
        #expect(accepted(receipts).map(\.nonce) == batch.map(\.offer.nonce))
        #expect(try clearing.statement(merchantID: merchantID).entries.map(\.microcheckID) == batch.map(\.microcheckID))
        #expect(try ledger.store.flags(subject: merchantID).isEmpty)
        #expect(try ledger.store.quarantined(merchantID: merchantID, limit: 100).isEmpty)
    }

    /// Two sealed deposits posted together (one upload): each keeps its seal,
    /// and a microcheck in both is the second one's double deposit.
    @Test(arguments: Backend.allCases)
    func depositsCommittedTogetherAnswerEachAndFlagTheOneInBoth(_ backend: Backend) throws {
        let ledger = try backend.open()
        let clearing = ClearingHouse(store: ledger.store, merchants: [deposit.account], rules: rules)
        let batch = try purchases(4)
        let firstSeal = "seal-\(UUID().uuidString)", secondSeal = "seal-\(UUID().uuidString)"
        let first = try clearing.prepare(batch: Array(batch[0...2]), depositedBy: merchantID, sealID: firstSeal, at: receivedAt)
        let second = try clearing.prepare(batch: Array(batch[2...3]), depositedBy: merchantID, sealID: secondSeal, at: receivedAt)
        let receipts = try clearing.commit([first, second])
        #expect(receipts.map { $0.map(\.microcheckID) } == [batch[0...2].map(\.microcheckID), batch[2...3].map(\.microcheckID)])
        #expect(accepted(receipts[0]).count == 3)
        #expect(receipts[1].map(\.outcome.rejectionCode) == [nil, nil])
        #expect(receipts[1][0].outcome == .duplicate)
        #expect(accepted([receipts[1][1]]).map(\.microcheckID) == [batch[3].microcheckID])
        #expect(try ledger.store.postings(of: accepted(receipts[0] + receipts[1]).map(\.postingKey)).values.map(\.sealID).sorted()
                == [firstSeal, firstSeal, firstSeal, secondSeal].sorted())
        #expect(try ledger.store.flags(subject: merchantID).map(\.rule) == [.doubleDeposit])
    }

    @Test(arguments: Backend.allCases)
    func mixedBatchAnswersEachPurchaseAndQuarantinesExactlyTheRejected(_ backend: Backend) throws {
        let ledger = try backend.open()
        let other = try DepositFixture(folder: folder, merchantKey: DepositFixture.Keys.otherMerchant, name: "other")
        let clearing = ClearingHouse(store: ledger.store, merchants: [deposit.account, other.account], rules: rules)
        let good = try purchases(4)
        // Posted by an earlier deposit of the same merchant.
        let earlierSeal = "seal-\(UUID().uuidString)"
        #expect(accepted(try clearing.clear(batch: [good[3]], depositedBy: merchantID, sealID: earlierSeal, at: receivedAt)).count == 1)
        let forged = try Self.forged(good[2])
        let elsewhere = try other.buy(at: DepositFixture.purchaseTime)
        let tooOld = try deposit.buy(at: DepositFixture.time(day: 21, hour: 12))
        let batch = [good[0], forged, good[1], elsewhere, tooOld, good[0], good[3], good[2]]
        let seal = "seal-\(UUID().uuidString)"
        let receipts = try clearing.clear(batch: batch, depositedBy: merchantID, sealID: seal, at: receivedAt)

        #expect(receipts.map(\.microcheckID) == batch.map(\.microcheckID))
        let outcomes = receipts.map { receipt -> String in
            switch receipt.outcome {
            case .accepted: "accepted"
            case .duplicate: "duplicate"
            case .rejected(let rejection, _): rejection.code
            }
        }
        #expect(outcomes == ["accepted", "not-authorized", "accepted", "wrong-merchant", "outside-deposit-window",
                             "duplicate", "duplicate", "accepted"])
        #expect(Set(try clearing.statement(merchantID: merchantID).entries.map(\.microcheckID))
                == Set([good[0], good[1], good[2], good[3]].map(\.microcheckID)))
        let quarantined = try ledger.store.quarantined(merchantID: merchantID, limit: 100)
        #expect(quarantined.map(\.microcheckID) == [forged, elsewhere, tooOld].map(\.microcheckID))
        #expect(quarantined.map(\.reason) == ["not-authorized", "wrong-merchant", "outside-deposit-window"])
        #expect(Set(quarantined.map(\.sealID)) == [seal])
        // The stale check and the second deposit of the posted one are flagged; the repeat inside the batch is not.
        #expect(try ledger.store.flags(subject: merchantID).map(\.rule).sorted { $0.rawValue < $1.rawValue }
                == [.datedOutsideWindow, .doubleDeposit])
    }

    @Test(arguments: Backend.allCases)
    func retryWithTheSameSealIsADuplicateWithoutFlagAndAnotherSealIsADoubleDeposit(_ backend: Backend) async throws {
        let ledger = try await backend.openEmpty()
        let clearing = ClearingHouse(store: ledger.store, merchants: [deposit.account], rules: rules)
        let batch = try purchases(5)
        let seal = "seal-\(UUID().uuidString)"
        let empty = try ledger.store.ledgerDigest()
        #expect(accepted(try clearing.clear(batch: batch, depositedBy: merchantID, sealID: seal, at: receivedAt)).count == 5)
        let posted = try ledger.store.ledgerDigest()
        #expect(posted != empty)
        #expect(try ledger.store.entryCount() == 5)

        // The gateway crashed before it saw the receipts and sends the same seal again.
        let retry = try clearing.clear(batch: batch, depositedBy: merchantID, sealID: seal, at: receivedAt.adding(seconds: 60))
        #expect(retry.map(\.outcome) == Array(repeating: .duplicate, count: 5))
        #expect(try ledger.store.flags(subject: merchantID).isEmpty)
        #expect(try ledger.store.ledgerDigest() == posted)

        // A rejected deposit changes nothing in the ledger either.
        let rejected = try clearing.clear(batch: [try Self.forged(batch[0])], depositedBy: merchantID, sealID: seal, at: receivedAt)
        #expect(rejected.map(\.outcome.rejectionCode) == ["not-authorized"])
        #expect(try ledger.store.ledgerDigest() == posted)

        // The merchant deposits one of them again in another seal.
        let again = try clearing.clear(batch: [batch[1]], depositedBy: merchantID, sealID: "seal-\(UUID().uuidString)", at: receivedAt)
        #expect(again.map(\.outcome) == [.duplicate])
        #expect(try ledger.store.flags(subject: merchantID).map(\.rule) == [.doubleDeposit])
        #expect(try ledger.store.ledgerDigest() == posted)
        #expect(try ledger.store.entryCount() == 5)
    }

    @Test(arguments: Backend.allCases)
    func unknownAndRevokedMerchantsHaveEveryPurchaseRejected(_ backend: Backend) throws {
        let ledger = try backend.open()
        var revoked = deposit.account
        revoked.revoked = true
        let batch = try purchases(2)
        let seal = "seal-\(UUID().uuidString)"
        let refused = try ClearingHouse(store: ledger.store, merchants: [revoked], rules: rules)
            .clear(batch: batch, depositedBy: merchantID, sealID: seal, at: receivedAt)
        #expect(refused.map(\.outcome.rejectionCode) == ["revoked-merchant", "revoked-merchant"])
        let unknown = try ClearingHouse(store: ledger.store, merchants: [], rules: rules)
            .clear(batch: batch, depositedBy: merchantID, sealID: seal, at: receivedAt)
        #expect(unknown.map(\.outcome.rejectionCode) == ["unknown-merchant", "unknown-merchant"])
        // Quarantined once per microcheck and seal, with the first reason.
        #expect(try ledger.store.quarantined(merchantID: merchantID, limit: 10).map(\.reason) == ["revoked-merchant", "revoked-merchant"])
        #expect(try clearing(ledger).statement(merchantID: merchantID).entries.isEmpty)
    }

    func clearing(_ ledger: any LedgerUnderTest) -> ClearingHouse {
        ClearingHouse(store: ledger.store, merchants: [deposit.account], rules: rules)
    }

    /// `purchase` with one digit of its microcheck's signature value changed
    /// (still valid hex or base64), deposited under its new id.
    static func forged(_ purchase: AcceptedPurchase) throws -> AcceptedPurchase {
        var text = purchase.microcheck
        guard let field = text.range(of: "Signature:", options: .backwards),
              let colon = text[field.upperBound...].firstIndex(of: ":"),
              let position = text[text.index(after: colon)...].firstIndex(where: \.isNumber),
              let digit = text[position].wholeNumberValue else {
            throw ForgeryFailure()
        }
        text.replaceSubrange(position...position, with: String((digit + 1) % 10))
        var forged = purchase
        forged.microcheck = text
        forged.microcheckID = try Microcheck(text: text).id
        return forged
    }

    struct ForgeryFailure: Error {}
}

extension ClearingReceipt.Outcome {
    /// The rejection's code, nil when not rejected.
    var rejectionCode: String? {
        if case .rejected(let rejection, _) = self { rejection.code } else { nil }
    }
}
