import MicrocheckCrypto

/// The Clearing and Settlement Center's rules (paper, section 3.4): verifies
/// each deposited microcheck exactly as the merchant did, as of the
/// transaction's date, refuses second deposits and pre-dated checks, posts
/// to the ledger, raises fraud flags and reports payers' standing.
public struct ClearingHouse: Sendable {
    /// Why a deposit was not posted.
    public enum Rejection: String, Sendable, Hashable, Error {
        /// The depositing merchant is not registered.
        case unknownMerchant
        /// The microcheck is payable to another merchant than the depositor.
        case wrongMerchant
        /// The deposit cannot be read or the microcheck is not bound to its offer.
        case malformed
        /// The compliance checker refuses it, as of the transaction's date.
        case notAuthorized
        /// Dated in the future of its receipt or older than the deposit window.
        case outsideDepositWindow
        /// The same microcheck (payer, merchant, nonce) was already cleared.
        case duplicate
    }

    /// The ledger and flags.
    public let store: any ClearingStore
    /// The merchants, by id.
    public let merchants: [String: MerchantAccount]
    /// The settings.
    public let rules: ClearingRules

    /// Creates a clearing house.
    public init(store: any ClearingStore, merchants: [MerchantAccount], rules: ClearingRules = .standard) {
        self.store = store
        self.merchants = Dictionary(merchants.map { ($0.merchantID, $0) }, uniquingKeysWith: { first, _ in first })
        self.rules = rules
    }

    /// Clears one deposited purchase received at `time` from `merchantID`.
    ///
    /// - Returns: the posted entry.
    /// - Throws: ``Rejection`` (nothing posted), or ``MicrobillingError`` when the store fails.
    public func clear(_ purchase: AcceptedPurchase, depositedBy merchantID: String, at time: UTCTime) throws -> LedgerEntry {
        guard let account = merchants[merchantID] else { throw Rejection.unknownMerchant }
        let offer = purchase.offer
        guard offer.merchantID == merchantID, offer.merchantPrincipal == account.key.encoded(.base64) else {
            throw Rejection.wrongMerchant
        }
        guard let microcheck = try? Microcheck(text: purchase.microcheck), microcheck.payee == offer.merchantPrincipal,
              microcheck.isBound(to: offer), purchase.credentials.count <= PurchaseSubmission.maximumCredentials else {
            throw Rejection.malformed
        }
        let credentials = purchase.credentials.compactMap { try? SignedCredential(text: $0) }
        guard credentials.count == purchase.credentials.count else { throw Rejection.malformed }
        let payer = microcheck.payer.fingerprint
        if offer.time > time.adding(seconds: rules.futureSkew) || time.secondsSince1970 - offer.time.secondsSince1970 > rules.depositWindow {
            try store.addFlag(FraudFlag(subject: merchantID, rule: .datedOutsideWindow,
                                        detail: "transaction dated \(offer.time), deposited \(time)", at: time))
            throw Rejection.outsideDepositWindow
        }
        guard let outcome = try? PurchaseCheck.run(policies: account.policy.assertions, credentials: purchase.credentials,
                                                   microcheck: purchase.microcheck, offer: offer), outcome.authorized else {
            let payerCredentials = credentials.filter { $0.subject == microcheck.payer && $0.terms.kind != .attribute }
            if payerCredentials.contains(where: { offer.time < $0.terms.notBefore || offer.time >= $0.terms.notAfter }) {
                try store.addFlag(FraudFlag(subject: merchantID, rule: .datedOutsideWindow,
                                            detail: "transaction dated \(offer.time) outside the credential's validity", at: time))
            }
            throw Rejection.notAuthorized
        }
        let funding = credentials.first { $0.subject == microcheck.payer && ($0.terms.kind == .payer || $0.terms.kind == .escalation)
            && TermsDiagnosis.firstViolation(of: $0.terms, by: offer) == nil }
        let entry = LedgerEntry(payer: payer, fund: funding?.terms.fund ?? "general", merchantID: merchantID,
                                amount: offer.price, time: offer.time, nonce: offer.nonce, microcheckID: microcheck.id,
                                credentialSerial: funding?.terms.serial ?? "", postedAt: time)
        guard try store.post(entry) else {
            try store.addFlag(FraudFlag(subject: merchantID, rule: .doubleDeposit,
                                        detail: "microcheck \(microcheck.id) deposited again", at: time))
            throw Rejection.duplicate
        }
        try applyFraudRules(after: entry, offer: offer, account: account, at: time)
        return entry
    }

    private func applyFraudRules(after entry: LedgerEntry, offer: Offer, account: MerchantAccount, at time: UTCTime) throws {
        let history = try store.entries(payer: entry.payer)
        let sameDay = history.filter { $0.merchantID == entry.merchantID && $0.time.dateText == entry.time.dateText }
        if sameDay.count > rules.purchasesPerMerchantPerDay {
            for subject in [entry.payer, entry.merchantID] {
                try store.addFlag(FraudFlag(subject: subject, rule: .tooManyPurchasesAtMerchant,
                                            detail: "\(sameDay.count) purchases at \(entry.merchantID) on \(entry.time.dateText)", at: time))
            }
        }
        let earlier = sameDay.filter { $0.time < entry.time }.count
        if offer.history.purchasesToday < earlier {
            try store.addFlag(FraudFlag(subject: entry.merchantID, rule: .historyUnderstated,
                                        detail: "offered purchases_today \(offer.history.purchasesToday), cleared \(earlier) earlier that day", at: time))
        }
        guard let here = account.location else { return }
        for other in history where other.microcheckID != entry.microcheckID {
            guard let there = merchants[other.merchantID]?.location else { continue }
            let seconds = max(1, abs(other.time.secondsSince1970 - entry.time.secondsSince1970))
            let metres = here.metres(to: there)
            if metres * 3.6 / Double(seconds) > Double(rules.maximumSpeedKmPerHour) {
                try store.addFlag(FraudFlag(subject: entry.payer, rule: .impossibleTravel,
                                            detail: "\(Int(metres / 1000)) km between \(other.merchantID) and \(entry.merchantID) in \(seconds) s", at: time))
                break
            }
        }
    }

    /// A payer's standing from the flags against it: what the PA reads before
    /// issuing the next credentials.
    public func standing(ofPayer fingerprint: String) throws(MicrobillingError) -> PayerStanding {
        let count = try store.flags(subject: fingerprint).count
        if count >= rules.suspendAfterFlags { return .suspended }
        if count >= rules.watchAfterFlags { return .watch }
        return .good
    }

    /// The payer's statement.
    public func statement(payer fingerprint: String) throws(MicrobillingError) -> Statement {
        Statement(subject: fingerprint, entries: try store.entries(payer: fingerprint))
    }

    /// The merchant's statement.
    public func statement(merchantID: String) throws(MicrobillingError) -> Statement {
        Statement(subject: merchantID, entries: try store.entries(merchantID: merchantID))
    }
}
