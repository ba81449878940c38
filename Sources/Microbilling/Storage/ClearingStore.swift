/// Clearing's ledger, quarantine and flags. Posting is atomic with the check
/// against a second deposit of the same microcheck: the database itself
/// refuses a second entry with the same microcheck id, or the same payer,
/// merchant and nonce.
public protocol ClearingStore: Sendable {
    /// Posts `entries` in one transaction, each unless an entry with the same
    /// microcheck id, or the same payer, merchant and nonce, exists (posted
    /// earlier, or earlier in `entries`). Each posted entry records `sealID`,
    /// the sealed deposit it came in.
    ///
    /// - Returns: one result per entry, in order; nothing is posted when it throws.
    func post(_ entries: [LedgerEntry], sealID: String) throws(MicrobillingError) -> [PostResult]
    /// The seal each of `microcheckIDs` was posted under, for those already posted.
    func postedSeals(microcheckIDs: [String]) throws(MicrobillingError) -> [String: String]
    /// The payer's entries, by offer time.
    func entries(payer: String) throws(MicrobillingError) -> [LedgerEntry]
    /// The entries in any of `slices`, each once, by offer time: what the
    /// fraud rules read for a batch, in one query.
    func entries(in slices: [LedgerSlice]) throws(MicrobillingError) -> [LedgerEntry]
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
    /// Records one flag.
    public func addFlag(_ flag: FraudFlag) throws(MicrobillingError) {
        try addFlags([flag])
    }
}
