import MicrocheckCrypto

/// The Clearing and Settlement Center's rules (paper, section 3.4): verifies
/// each deposited microcheck exactly as the merchant did, as of the
/// transaction's date, refuses second deposits and pre-dated checks, posts
/// to the ledger, raises fraud flags and reports payers' standing.
public struct ClearingHouse: Sendable {
    /// Why a deposit was not posted. The raw value is the stable reason
    /// code that receipts and the quarantine carry.
    public enum Rejection: String, Sendable, Hashable, Error, CaseIterable {
        /// The depositing merchant is not registered.
        case unknownMerchant = "unknown-merchant"
        /// The depositing merchant's account was revoked.
        case revokedMerchant = "revoked-merchant"
        /// The deposit's seal does not verify (checked by the server before clearing).
        case badSeal = "bad-seal"
        /// The microcheck is payable to another merchant than the depositor.
        case wrongMerchant = "wrong-merchant"
        /// The deposit cannot be read or the microcheck is not bound to its offer.
        case malformed
        /// The compliance checker refuses it, as of the transaction's date.
        case notAuthorized = "not-authorized"
        /// Dated in the future of its receipt or older than the deposit window.
        case outsideDepositWindow = "outside-deposit-window"
        /// The same microcheck (payer, merchant, nonce) was already cleared.
        case duplicate

        /// The stable reason code, e.g. `wrong-merchant`.
        public var code: String { rawValue }
    }

    /// The ledger and flags.
    public let store: any ClearingStore
    /// The merchants, by id.
    public let merchants: [String: MerchantAccount]
    /// The settings.
    public let rules: ClearingRules
    /// The credentials read in earlier batches.
    let credentialReads = CredentialReadCache()

    /// Creates a clearing house.
    public init(store: any ClearingStore, merchants: [MerchantAccount], rules: ClearingRules = .standard) {
        self.store = store
        self.merchants = Dictionary(merchants.map { ($0.merchantID, $0) }, uniquingKeysWith: { first, _ in first })
        self.rules = rules
    }

    /// Clears one deposited purchase received at `time` from `merchantID`,
    /// as a batch of one under a seal of its own (so a second deposit of the
    /// same microcheck is always flagged as a double deposit).
    ///
    /// - Returns: the posted entry.
    /// - Throws: ``Rejection`` (nothing posted), or ``MicrobillingError`` when the store fails.
    public func clear(_ purchase: AcceptedPurchase, depositedBy merchantID: String, at time: UTCTime) throws -> LedgerEntry {
        let sealID = "single-" + (try Offer.freshNonce())
        guard let receipt = try clear(batch: [purchase], depositedBy: merchantID, sealID: sealID, at: time).first else {
            throw MicrobillingError(.storage, "clearing answered no receipt for microcheck \(purchase.microcheckID)")
        }
        switch receipt.outcome {
        case .accepted(let entry): return entry
        case .duplicate: throw Rejection.duplicate
        case .rejected(let rejection, _): throw rejection
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
