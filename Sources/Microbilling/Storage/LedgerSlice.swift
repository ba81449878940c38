/// A part of one payer's ledger the fraud rules read: the payer's entries
/// with an offer time in `offerTimes`, at one merchant or at any.
public struct LedgerSlice: Sendable, Hashable {
    /// The payer's fingerprint.
    public var payer: String
    /// The merchant, or nil for every merchant.
    public var merchantID: String?
    /// The offer times, both ends included.
    public var offerTimes: ClosedRange<UTCTime>

    /// Creates a slice.
    public init(payer: String, merchantID: String?, offerTimes: ClosedRange<UTCTime>) {
        self.payer = payer
        self.merchantID = merchantID
        self.offerTimes = offerTimes
    }
}
