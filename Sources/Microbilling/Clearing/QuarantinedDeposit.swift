/// A deposited purchase clearing rejected, kept with why, for an operator
/// and for the merchant's dispute.
public struct QuarantinedDeposit: Sendable, Hashable {
    /// The microcheck's id as deposited.
    public var microcheckID: String
    /// The depositing merchant.
    public var merchantID: String
    /// The sealed deposit it came in.
    public var sealID: String
    /// The rejection's stable code (``ClearingHouse/Rejection/code``).
    public var reason: String
    /// Details for a person.
    public var detail: String
    /// When clearing received it.
    public var receivedAt: UTCTime

    /// Creates a record.
    public init(microcheckID: String, merchantID: String, sealID: String, reason: String, detail: String, receivedAt: UTCTime) {
        self.microcheckID = microcheckID
        self.merchantID = merchantID
        self.sealID = sealID
        self.reason = reason
        self.detail = detail
        self.receivedAt = receivedAt
    }
}
