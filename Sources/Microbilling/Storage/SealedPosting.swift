/// One sealed deposit's entries as the ledger posts them: each posted
/// entry records the seal it came in.
public struct SealedPosting: Sendable, Hashable {
    /// The entries, in the deposit's order.
    public var entries: [LedgerEntry]
    /// The sealed deposit's id.
    public var sealID: String

    /// Creates a posting of `entries` under `sealID`.
    public init(entries: [LedgerEntry], sealID: String) {
        self.entries = entries
        self.sealID = sealID
    }
}
