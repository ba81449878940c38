import MicrocheckCrypto

/// The merchant's side of a purchase (paper, section 3.3): makes offers with
/// this payer's history, checks the payer's microcheck with the local
/// compliance checker, journals it durably, and only then says "dispense".
public struct MerchantTerminal: Sendable {
    /// The merchant's display name.
    public let name: String
    /// The merchant's unique id, assigned by the PA.
    public let merchantID: String
    /// The merchant's public key: the Licensee of its microchecks and the action authorizer.
    public let key: KeyNoteKey
    /// The merchant's policy.
    public let policy: MerchantPolicy
    /// The merchant's journal.
    public let journal: any MerchantJournal

    /// Creates a terminal.
    public init(name: String, merchantID: String, key: KeyNoteKey, policy: MerchantPolicy, journal: any MerchantJournal) throws(MicrobillingError) {
        try Token.require(Token.isDisplayText(name), "merchant name", name)
        try Token.require(Token.isIdentifier(merchantID), "merchant id", merchantID)
        self.name = name
        self.merchantID = merchantID
        self.key = key
        self.policy = policy
        self.journal = journal
    }

    /// An offer for `product` to the payer whose key is `payer`, at `time`,
    /// with a fresh nonce and the payer's history here.
    public func offer(product: String, category: String, price: Money, to payer: KeyNoteKey, at time: UTCTime) throws(MicrobillingError) -> Offer {
        try Offer(merchantName: name, merchantID: merchantID, merchantPrincipal: key.encoded(.base64), product: product,
                  productCategory: category, price: price, time: time, appDomain: policy.appDomain,
                  nonce: Offer.freshNonce(), history: journal.history(of: payer, at: time))
    }

    /// Decides on a submission for `offer`. On acceptance the purchase is in
    /// the journal (durably) before this returns, and the item may be released.
    ///
    /// - Returns: the accepted purchase.
    /// - Throws: ``Refusal`` with a diagnosed reason; ``MicrobillingError``
    ///   when the journal fails (the item must not be released).
    public func accept(_ submission: PurchaseSubmission, for offer: Offer) throws -> AcceptedPurchase {
        guard offer.merchantPrincipal == key.encoded(.base64), offer.merchantID == merchantID else {
            throw Refusal(.malformed, "the offer is not this terminal's")
        }
        guard submission.credentials.count <= PurchaseSubmission.maximumCredentials else {
            throw Refusal(.malformed, "\(submission.credentials.count) credentials, at most \(PurchaseSubmission.maximumCredentials)")
        }
        let microcheck: Microcheck
        let credentials: [SignedCredential]
        do {
            microcheck = try Microcheck(text: submission.microcheck)
            credentials = try submission.credentials.map(SignedCredential.init(text:))
        } catch {
            throw Refusal(.malformed, error.reason)
        }
        guard microcheck.payee == key.encoded(.base64) else {
            throw Refusal(.wrongMerchant, "the microcheck is payable to another principal")
        }
        if try journal.containsPurchase(nonce: offer.nonce, microcheckID: microcheck.id) {
            throw Refusal(.replayedNonce, "this offer or this microcheck was already paid")
        }
        guard microcheck.isBound(to: offer) else {
            throw Refusal(.bindingMismatch, "the microcheck is not the one for this offer")
        }
        let outcome: PurchaseCheck.Outcome
        do {
            outcome = try PurchaseCheck.run(policies: policy.assertions, credentials: submission.credentials,
                                            microcheck: submission.microcheck, offer: offer)
        } catch {
            throw Refusal(.malformed, error.reason)
        }
        guard outcome.authorized else {
            throw RefusalDiagnosis.diagnose(outcome: outcome, microcheck: microcheck, credentials: credentials,
                                            offer: offer, policy: policy)
        }
        let purchase = AcceptedPurchase(offer: offer, payer: microcheck.payer, microcheck: submission.microcheck,
                                        credentials: submission.credentials, microcheckID: microcheck.id)
        try journal.record(purchase)
        return purchase
    }
}
