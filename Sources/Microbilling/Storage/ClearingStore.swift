/// Clearing's ledger and fraud flags. Posting is atomic with the check
/// against a second deposit of the same microcheck.
public protocol ClearingStore: Sendable {
    /// Posts an entry unless one with the same payer, merchant and nonce exists.
    ///
    /// - Returns: false, changing nothing, for such a duplicate.
    func post(_ entry: LedgerEntry) throws(MicrobillingError) -> Bool
    /// The payer's entries, by offer time.
    func entries(payer: String) throws(MicrobillingError) -> [LedgerEntry]
    /// The merchant's entries, by offer time.
    func entries(merchantID: String) throws(MicrobillingError) -> [LedgerEntry]
    /// Records a flag.
    func addFlag(_ flag: FraudFlag) throws(MicrobillingError)
    /// The flags raised against a payer fingerprint or merchant id.
    func flags(subject: String) throws(MicrobillingError) -> [FraudFlag]
}
