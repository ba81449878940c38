/// Clearing's answer for one deposited purchase.
public struct ClearingReceipt: Sendable, Hashable {
    /// What clearing did with it.
    public enum Outcome: Sendable, Hashable {
        /// Posted now, as this entry.
        case accepted(LedgerEntry)
        /// Already posted (by an earlier deposit or earlier in the same one); nothing changed.
        case duplicate
        /// Not posted, and quarantined with this reason.
        case rejected(ClearingHouse.Rejection, detail: String)
    }

    /// The microcheck's id as deposited.
    public var microcheckID: String
    /// What clearing did with it.
    public var outcome: Outcome

    /// Creates a receipt.
    public init(microcheckID: String, outcome: Outcome) {
        self.microcheckID = microcheckID
        self.outcome = outcome
    }
}
