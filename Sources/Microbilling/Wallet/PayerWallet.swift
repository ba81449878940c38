import MicrocheckCrypto

/// The payer's Microcheck Writer (paper, section 3.3): holds the payer's key
/// and credentials, picks a credential that authorizes an offer by running
/// the merchant's check locally, asks for approval, writes the microcheck
/// and records the transaction.
public struct PayerWallet: Sendable {
    /// The payer's key.
    public let key: KeyNotePrivateKey
    /// The PA keys the payer's credentials lead to (the local check's policy).
    public let issuers: [KeyNoteKey]
    /// Every credential held: payer, escalation, delegation and attribute credentials.
    public private(set) var credentials: [SignedCredential]
    /// How offers are approved.
    public let approval: Approval
    /// The transaction records.
    public let records: any TransactionRecordStore

    /// Creates a wallet.
    public init(key: KeyNotePrivateKey, issuers: [KeyNoteKey], credentials: [SignedCredential] = [],
                approval: Approval, records: any TransactionRecordStore) {
        self.key = key
        self.issuers = issuers
        self.credentials = credentials
        self.approval = approval
        self.records = records
    }

    /// Adds a credential (a refreshed payer credential, an escalation answer...).
    public mutating func hold(_ credential: SignedCredential) {
        credentials.append(credential)
    }

    /// Drops credentials whose validity ended before `time`.
    public mutating func dropExpired(at time: UTCTime) {
        credentials.removeAll { $0.terms.notAfter <= time }
    }

    /// Pays `offer`: picks a credential that authorizes it, asks for approval,
    /// writes the microcheck and records the transaction.
    ///
    /// - Throws: ``MicrobillingError`` with code `noCredential` when no held
    ///   credential authorizes the offer, `declined` when the payer declines.
    public func pay(_ offer: Offer) throws(MicrobillingError) -> PurchaseSubmission {
        let microcheck = try Microcheck.write(for: offer, by: key)
        guard let (credential, chain) = try authorizing(offer, microcheck: microcheck) else {
            throw MicrobillingError(.noCredential, "no held credential authorizes \(offer.price) for \(offer.product)")
        }
        guard try approval.approves(offer) else {
            throw MicrobillingError(.declined, "the payer declined \(offer.price) for \(offer.product)")
        }
        try records.append(TransactionRecord(merchantName: offer.merchantName, merchantID: offer.merchantID,
                                             product: offer.product, amount: offer.price, time: offer.time,
                                             nonce: offer.nonce, microcheckID: microcheck.id,
                                             credentialSerial: credential.terms.serial))
        return PurchaseSubmission(microcheck: microcheck.text, credentials: chain.map(\.text))
    }

    /// The credentials to present for `offer`, with the payer credential that
    /// authorizes it: tried smallest limit first, so a powerful credential is
    /// used only when a weaker one does not do.
    func authorizing(_ offer: Offer, microcheck: Microcheck) throws(MicrobillingError) -> (SignedCredential, [SignedCredential])? {
        let mine = credentials.filter { ($0.terms.kind == .payer || $0.terms.kind == .escalation) && $0.subject == key.publicKey }
        let ordered = mine.sorted { ($0.terms.perPurchaseLimit ?? 0, $0.terms.serial) < ($1.terms.perPurchaseLimit ?? 0, $1.terms.serial) }
        let attributes = credentials.filter { $0.terms.kind == .attribute && $0.subject == key.publicKey }
        let policy = try MerchantPolicy(appDomain: offer.appDomain, trustedIssuers: issuers)
        for credential in ordered where TermsDiagnosis.firstViolation(of: credential.terms, by: offer) == nil {
            let chain = [credential] + delegations(above: credential) + attributes
            let outcome = try PurchaseCheck.run(policies: policy.assertions, credentials: chain.map(\.text),
                                                microcheck: microcheck.text, offer: offer)
            if outcome.authorized { return (credential, chain) }
        }
        return nil
    }

    /// The delegation credentials from a trusted issuer down to `credential`'s issuer.
    private func delegations(above credential: SignedCredential) -> [SignedCredential] {
        var chain: [SignedCredential] = []
        var issuer = credential.issuer
        while !issuers.contains(issuer), chain.count < PurchaseSubmission.maximumCredentials,
              let delegation = credentials.first(where: { $0.terms.kind == .delegation && $0.subject == issuer }) {
            chain.append(delegation)
            issuer = delegation.issuer
        }
        return chain
    }
}
