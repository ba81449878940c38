import KeyNote

extension ClearingHouse {
    /// Clears one merchant's sealed group of deposited purchases: verifies them in parallel on all cores
    /// (credentials verified once per batch, not once per microcheck), posts the accepted ones in ONE
    /// store transaction, quarantines rejected ones with their reason, applies the fraud rules per payer
    /// once per batch, and answers one receipt per purchase, in order.
    ///
    /// Exactly once: a microcheck already posted, or earlier in this batch, answers
    /// ``ClearingReceipt/Outcome/duplicate``, flagged as a double deposit only when
    /// it was posted under another seal (a retry of the same seal is not fraud). The
    /// ledger's unique constraints refuse a second posting even when two batches race.
    ///
    /// - Parameters:
    ///   - purchases: the deposit's purchases, in the order the receipts answer them.
    ///   - merchantID: the depositing merchant.
    ///   - sealID: the sealed deposit's id, recorded with each posted entry.
    ///   - time: when clearing received the deposit.
    /// - Throws: ``MicrobillingError`` when the store fails or the merchant's
    ///   policy cannot be read; a deposit that the store refused changed nothing.
    public func clear(batch purchases: [AcceptedPurchase], depositedBy merchantID: String, sealID: String,
                      at time: UTCTime) throws(MicrobillingError) -> [ClearingReceipt] {
        try commit(try prepare(batch: purchases, depositedBy: merchantID, sealID: sealID, at: time))
    }

    /// The first half of ``clear(batch:depositedBy:sealID:at:)``: reads and
    /// verifies the purchases (in parallel) without writing to the ledger, so
    /// that a server can verify one deposit while it posts another.
    public func prepare(batch purchases: [AcceptedPurchase], depositedBy merchantID: String, sealID: String,
                        at time: UTCTime) throws(MicrobillingError) -> PreparedDeposit {
        var prepared = PreparedDeposit(merchantID: merchantID, sealID: sealID, time: time, purchases: purchases,
                                       outcomes: Array(repeating: nil, count: purchases.count))
        guard let account = merchants[merchantID], !account.revoked else {
            let rejection: Rejection = merchants[merchantID] == nil ? .unknownMerchant : .revokedMerchant
            let detail = rejection == .unknownMerchant ? "merchant \(merchantID) is not registered" : "merchant \(merchantID) is revoked"
            prepared.outcomes = purchases.map { _ in .rejected(rejection, detail: detail) }
            return prepared
        }
        let principal = account.key.encoded(.base64)

        // Read every purchase and its binding to the offer (in parallel); set aside repeats within the batch.
        let inspections = ParallelMap.map(purchases) { purchase in Self.inspect(purchase, merchantID: merchantID, principal: principal) }
        var candidates: [DepositCandidate] = []
        var seen = Set<String>()
        for (index, inspection) in inspections.enumerated() {
            switch inspection {
            case .rejected(let rejection, let detail): prepared.outcomes[index] = .rejected(rejection, detail: detail)
            case .candidate(let microcheck, let assertion):
                if seen.insert(microcheck.id).inserted {
                    candidates.append(DepositCandidate(index: index, purchase: purchases[index], microcheck: microcheck, assertion: assertion))
                } else {
                    prepared.outcomes[index] = .duplicate
                }
            }
        }

        // Microchecks posted before: a duplicate whatever else would now be said of them. Another
        // text under a posted key is verified (a forgery is quarantined); the ledger refuses it if it passes.
        let postings = try store.postings(of: candidates.map(\.postingKey))
        candidates.removeAll { candidate in
            guard let posting = postings[candidate.postingKey], posting.microcheckID == candidate.microcheck.id else { return false }
            prepared.outcomes[candidate.index] = .duplicate
            if posting.sealID != sealID { prepared.flags.append(doubleDeposit(candidate.microcheck.id, merchantID: merchantID, at: time)) }
            return true
        }

        // Verify the rest (in parallel), each credential read and checked once for the batch.
        let check = try PreparedPurchaseCheck(policies: account.policy.assertions, merchant: principal)
        let credentials = BatchCredentials(candidates.map(\.purchase), cache: credentialReads)
        let verdicts = ParallelMap.map(candidates) { candidate in
            verify(candidate, merchantID: merchantID, check: check, credentials: credentials, at: time)
        }
        for (candidate, verdict) in zip(candidates, verdicts) {
            switch verdict {
            case .accepted(let entry): prepared.accepted.append((candidate.index, entry, candidate.purchase.offer))
            case .rejected(let rejection, let detail, let flag):
                prepared.outcomes[candidate.index] = .rejected(rejection, detail: detail)
                if let flag { prepared.flags.append(flag) }
            }
        }
        return prepared
    }

    /// The second half of ``clear(batch:depositedBy:sealID:at:)``: posts the
    /// accepted entries in one transaction (the database has the last word
    /// on duplicates, also against deposits prepared at the same time),
    /// applies the fraud rules, quarantines the rejected, records the flags.
    public func commit(_ prepared: PreparedDeposit) throws(MicrobillingError) -> [ClearingReceipt] {
        try commit([prepared]).first ?? []
    }

    /// Posts several prepared deposits (one upload's) in ONE transaction, so
    /// one sync to disk, then applies the fraud rules once to everything
    /// posted (as of the latest deposit's time), quarantines the rejected and
    /// records the flags. Each deposit keeps its seal, and a microcheck
    /// posted by an earlier deposit of the same call is a second deposit.
    ///
    /// - Returns: each deposit's receipts, in order.
    public func commit(_ deposits: [PreparedDeposit]) throws(MicrobillingError) -> [[ClearingReceipt]] {
        let results = try store.post(deposits.map { SealedPosting(entries: $0.accepted.map(\.entry), sealID: $0.sealID) })
        guard results.count == deposits.count, zip(deposits, results).allSatisfy({ $0.accepted.count == $1.count }) else {
            throw MicrobillingError(.storage, "the ledger's results do not match the entries posted")
        }
        var flags: [FraudFlag] = []
        var posted: [(entry: LedgerEntry, offer: Offer)] = []
        var answered: [[ClearingReceipt]] = []
        var quarantine: [QuarantinedDeposit] = []
        for (deposit, results) in zip(deposits, results) {
            var outcomes = deposit.outcomes
            flags += deposit.flags
            for ((index, entry, offer), result) in zip(deposit.accepted, results) {
                switch result {
                case .posted:
                    outcomes[index] = .accepted(entry)
                    posted.append((entry, offer))
                case .duplicate(let sameSeal):
                    outcomes[index] = .duplicate
                    if !sameSeal { flags.append(doubleDeposit(entry.microcheckID, merchantID: deposit.merchantID, at: deposit.time)) }
                }
            }
            let receipts = zip(deposit.purchases, outcomes).map { purchase, outcome in
                ClearingReceipt(microcheckID: purchase.microcheckID, outcome: outcome ?? .rejected(.malformed, detail: "not cleared"))
            }
            quarantine += quarantined(receipts, merchantID: deposit.merchantID, sealID: deposit.sealID, at: deposit.time)
            answered.append(receipts)
        }
        if let latest = deposits.map(\.time).max() { flags += try fraudFlags(after: posted, at: latest) }
        try store.quarantine(quarantine)
        if !flags.isEmpty { try store.addFlags(flags) }
        return answered
    }

    /// A purchase read, bound to its offer, not yet verified.
    struct DepositCandidate: Sendable {
        let index: Int
        let purchase: AcceptedPurchase
        let microcheck: Microcheck
        let assertion: Assertion

        /// The key its entry would be posted under.
        var postingKey: PostingKey {
            PostingKey(payer: microcheck.payer.fingerprint, merchantID: purchase.offer.merchantID, nonce: purchase.offer.nonce)
        }
    }

    enum Inspection: Sendable {
        case candidate(Microcheck, Assertion)
        case rejected(Rejection, String)
    }

    enum Verdict: Sendable {
        case accepted(LedgerEntry)
        case rejected(Rejection, String, FraudFlag?)
    }

    /// The checks that need no signature: the depositor is the payee and the
    /// microcheck is the one written for the offer.
    static func inspect(_ purchase: AcceptedPurchase, merchantID: String, principal: String) -> Inspection {
        let offer = purchase.offer
        guard offer.merchantID == merchantID, offer.merchantPrincipal == principal else {
            return .rejected(.wrongMerchant, "the offer is \(offer.merchantID)'s, deposited by \(merchantID)")
        }
        guard purchase.credentials.count <= PurchaseSubmission.maximumCredentials else {
            return .rejected(.malformed, "\(purchase.credentials.count) credentials, at most \(PurchaseSubmission.maximumCredentials)")
        }
        // A text the upload reader wrote for the offer (and digested) is read without digesting it again.
        let written = purchase.textWrittenForOffer
        let microcheck: Microcheck, assertion: Assertion
        do {
            (microcheck, assertion) = try Microcheck.reading(purchase.microcheck, id: written ? purchase.microcheckID : nil)
        } catch {
            return .rejected(.malformed, error.reason)
        }
        guard microcheck.payee == offer.merchantPrincipal else { return .rejected(.wrongMerchant, "the microcheck is payable to another key") }
        // Such a text differs from the one for its offer and its own Authorizer
        // only if that Authorizer is not written as the purchase's payer key is.
        guard written ? microcheck.payer.encoded(.base64) == purchase.payer.encoded(.base64) : microcheck.isBound(to: offer) else {
            return .rejected(.malformed, "the microcheck is not the one for its offer")
        }
        guard microcheck.id == purchase.microcheckID else {
            return .rejected(.malformed, "deposited as \(purchase.microcheckID), the microcheck's id is \(microcheck.id)")
        }
        return .candidate(microcheck, assertion)
    }

    /// The deposit window and the compliance check as of the transaction's
    /// date (paper, section 3.4), and the entry to post.
    func verify(_ candidate: DepositCandidate, merchantID: String, check: PreparedPurchaseCheck,
                credentials: BatchCredentials, at time: UTCTime) -> Verdict {
        let offer = candidate.purchase.offer
        let microcheck = candidate.microcheck
        if offer.time > time.adding(seconds: rules.futureSkew) || time.secondsSince1970 - offer.time.secondsSince1970 > rules.depositWindow {
            return .rejected(.outsideDepositWindow, "transaction dated \(offer.time), deposited \(time)",
                             FraudFlag(subject: merchantID, rule: .datedOutsideWindow,
                                       detail: "transaction dated \(offer.time), deposited \(time)", at: time))
        }
        let read: [BatchCredentials.Read]
        switch credentials.credentials(candidate.purchase.credentials) {
        case .success(let found): read = found
        case .failure(let error): return .rejected(.malformed, error.reason, nil)
        }
        let payerCredentials = read.map(\.credential).filter { $0.subject == microcheck.payer && $0.terms.kind != .attribute }
        let refusal: String
        do {
            let outcome = try check.run(credentials: read.map(\.assertion), microcheck: candidate.assertion, attributes: offer.attributes)
            if outcome.authorized {
                let funding = payerCredentials.first { ($0.terms.kind == .payer || $0.terms.kind == .escalation)
                    && TermsDiagnosis.firstViolation(of: $0.terms, by: offer) == nil }
                return .accepted(LedgerEntry(payer: microcheck.payer.fingerprint, fund: funding?.terms.fund ?? "general",
                                             merchantID: merchantID, amount: offer.price, time: offer.time, nonce: offer.nonce,
                                             microcheckID: microcheck.id, credentialSerial: funding?.terms.serial ?? "", postedAt: time))
            }
            refusal = outcome.diagnostics.isEmpty ? "the compliance checker answered false"
                : outcome.diagnostics.map(\.description).joined(separator: "; ")
        } catch {
            refusal = error.reason
        }
        var flag: FraudFlag?
        if payerCredentials.contains(where: { offer.time < $0.terms.notBefore || offer.time >= $0.terms.notAfter }) {
            flag = FraudFlag(subject: merchantID, rule: .datedOutsideWindow,
                             detail: "transaction dated \(offer.time) outside the credential's validity", at: time)
        }
        return .rejected(.notAuthorized, refusal, flag)
    }

    /// The fraud rules for the entries just posted, on one read of their
    /// payers' entries around them: at this merchant on the same days, and
    /// at any merchant as far in time as anyone could travel between the
    /// merchants at the rules' maximum speed.
    private func fraudFlags(after posted: [(entry: LedgerEntry, offer: Offer)], at time: UTCTime) throws(MicrobillingError) -> [FraudFlag] {
        guard !posted.isEmpty else { return [] }
        let fraudRules = BatchFraudRules(rules: rules, merchants: merchants, time: time)
        var slices: [LedgerSlice] = []
        var days = Set<LedgerSlice>()
        var times: [String: [UTCTime]] = [:]
        for (entry, _) in posted {
            let day = entry.time.startOfDay
            let slice = LedgerSlice(payer: entry.payer, merchantID: entry.merchantID, offerTimes: day...day.adding(seconds: 86_399))
            if days.insert(slice).inserted { slices.append(slice) }
            if merchants[entry.merchantID]?.location != nil { times[entry.payer, default: []].append(entry.time) }
        }
        for (payer, moments) in times.sorted(by: { $0.key < $1.key }) {
            var ordered = moments.sorted()[...]
            while let first = ordered.popFirst() {
                var last = first
                while let next = ordered.first, next.secondsSince1970 - last.secondsSince1970 <= 2 * fraudRules.travelSpan {
                    last = next
                    ordered.removeFirst()
                }
                slices.append(LedgerSlice(payer: payer, merchantID: nil,
                                          offerTimes: first.adding(seconds: -fraudRules.travelSpan)...last.adding(seconds: fraudRules.travelSpan)))
            }
        }
        return fraudRules.flags(after: posted, history: try store.visits(in: slices))
    }

    private func doubleDeposit(_ microcheckID: String, merchantID: String, at time: UTCTime) -> FraudFlag {
        FraudFlag(subject: merchantID, rule: .doubleDeposit, detail: "microcheck \(microcheckID) deposited again", at: time)
    }

    private func quarantined(_ receipts: [ClearingReceipt], merchantID: String, sealID: String, at time: UTCTime) -> [QuarantinedDeposit] {
        receipts.compactMap { receipt in
            guard case .rejected(let rejection, let detail) = receipt.outcome else { return nil }
            return QuarantinedDeposit(microcheckID: receipt.microcheckID, merchantID: merchantID, sealID: sealID,
                                      reason: rejection.code, detail: detail, receivedAt: time)
        }
    }
}
