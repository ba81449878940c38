/// A sealed deposit read and verified, not yet posted: what
/// ``ClearingHouse/prepare(batch:depositedBy:sealID:at:)`` decided without
/// touching the ledger, for ``ClearingHouse/commit(_:)`` to post.
public struct PreparedDeposit: Sendable {
    /// The depositing merchant.
    public let merchantID: String
    /// The seal's id.
    public let sealID: String
    /// When clearing received the deposit.
    public let time: UTCTime
    /// The purchases, in the order the receipts answer them.
    public let purchases: [AcceptedPurchase]
    /// What is decided already (rejections, repeats, earlier postings), by position; nil for the accepted.
    var outcomes: [ClearingReceipt.Outcome?]
    /// Flags raised while verifying.
    var flags: [FraudFlag] = []
    /// The verified purchases' entries, with their positions and offers.
    var accepted: [(index: Int, entry: LedgerEntry, offer: Offer)] = []

    init(merchantID: String, sealID: String, time: UTCTime, purchases: [AcceptedPurchase], outcomes: [ClearingReceipt.Outcome?]) {
        self.merchantID = merchantID
        self.sealID = sealID
        self.time = time
        self.purchases = purchases
        self.outcomes = outcomes
    }
}
