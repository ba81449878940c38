/// Clearing's ledger, quarantine and flags. Posting is atomic with the check
/// against a second deposit of the same microcheck: the database itself
/// refuses a second entry with the same ``PostingKey`` (payer, merchant and
/// nonce), which every text of one microcheck, and so its id, binds.
public protocol ClearingStore: Sendable {
    /// Posts the entries of `deposits` in one transaction (one sync to disk),
    /// in order, each unless an entry with the same ``PostingKey`` exists
    /// (posted earlier, or earlier in this call). Each posted entry records
    /// its deposit's seal.
    ///
    /// - Returns: one result per entry of each deposit, in order; nothing is posted when it throws.
    func post(_ deposits: [SealedPosting]) throws(MicrobillingError) -> [[PostResult]]
    /// What was posted under each of `keys`, for those already posted.
    func postings(of keys: [PostingKey]) throws(MicrobillingError) -> [PostingKey: Posting]
    /// The payer's entries, by offer time.
    func entries(payer: String) throws(MicrobillingError) -> [LedgerEntry]
    /// The entries in any of `slices`, each once, by offer time, as visits:
    /// what the fraud rules read for a batch, in one query that the payer's
    /// index answers without reading the entries themselves.
    func visits(in slices: [LedgerSlice]) throws(MicrobillingError) -> [PayerVisit]
    /// The merchant's entries, by offer time.
    func entries(merchantID: String) throws(MicrobillingError) -> [LedgerEntry]
    /// How many entries the ledger holds.
    func entryCount() throws(MicrobillingError) -> Int
    /// SHA-256 over every entry and its seal in a canonical order (see ``LedgerDigest``):
    /// equal for equal ledgers, whichever database holds them.
    func ledgerDigest() throws(MicrobillingError) -> String
    /// Quarantines rejected deposits in one transaction; an item already
    /// quarantined under the same microcheck id and seal is not added again.
    func quarantine(_ items: [QuarantinedDeposit]) throws(MicrobillingError)
    /// Quarantined deposits, oldest first, of one merchant or of all when nil.
    func quarantined(merchantID: String?, limit: Int) throws(MicrobillingError) -> [QuarantinedDeposit]
    /// Records flags in one transaction.
    func addFlags(_ flags: [FraudFlag]) throws(MicrobillingError)
    /// The flags raised against a payer fingerprint or merchant id.
    func flags(subject: String) throws(MicrobillingError) -> [FraudFlag]
}

extension ClearingStore {
    /// Posts one sealed deposit's `entries` in one transaction, as ``post(_:)`` does.
    ///
    /// - Returns: one result per entry, in order; nothing is posted when it throws.
    public func post(_ entries: [LedgerEntry], sealID: String) throws(MicrobillingError) -> [PostResult] {
        try post([SealedPosting(entries: entries, sealID: sealID)]).first ?? []
    }

    /// Records one flag.
    public func addFlag(_ flag: FraudFlag) throws(MicrobillingError) {
        try addFlags([flag])
    }
}
