/// A ledger entry as the fraud rules read it: which payer bought where, and when.
public struct PayerVisit: Sendable, Hashable {
    /// The payer's key fingerprint.
    public var payer: String
    /// The merchant's id.
    public var merchantID: String
    /// The offer's time.
    public var time: UTCTime

    /// Creates a visit.
    public init(payer: String, merchantID: String, time: UTCTime) {
        self.payer = payer
        self.merchantID = merchantID
        self.time = time
    }
}

extension LedgerEntry {
    /// The entry as the fraud rules read it.
    public var visit: PayerVisit { PayerVisit(payer: payer, merchantID: merchantID, time: time) }
}
