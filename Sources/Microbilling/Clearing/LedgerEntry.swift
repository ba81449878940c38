/// One cleared microcheck as clearing posts it: a debit of the payer's fund
/// and a credit of the merchant, for the same amount.
public struct LedgerEntry: Sendable, Hashable {
    /// The payer's key fingerprint.
    public var payer: String
    /// The payer's fund (from the credential's terms).
    public var fund: String
    /// The merchant's id.
    public var merchantID: String
    /// The amount.
    public var amount: Money
    /// The offer's time (the transaction's date).
    public var time: UTCTime
    /// The offer's nonce.
    public var nonce: String
    /// The microcheck's id.
    public var microcheckID: String
    /// The serial of the credential that authorized it.
    public var credentialSerial: String
    /// When clearing posted it.
    public var postedAt: UTCTime

    /// Creates an entry.
    public init(payer: String, fund: String, merchantID: String, amount: Money, time: UTCTime, nonce: String,
                microcheckID: String, credentialSerial: String, postedAt: UTCTime) {
        self.payer = payer
        self.fund = fund
        self.merchantID = merchantID
        self.amount = amount
        self.time = time
        self.nonce = nonce
        self.microcheckID = microcheckID
        self.credentialSerial = credentialSerial
        self.postedAt = postedAt
    }
}

/// A fraud rule's finding against a payer or a merchant.
public struct FraudFlag: Sendable, Hashable {
    /// Which rule.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// More purchases at one merchant in a day than the rules allow.
        case tooManyPurchasesAtMerchant = "too-many-purchases"
        /// A merchant's offered history is below what clearing has seen.
        case historyUnderstated = "history-understated"
        /// Two purchases too far apart for the time between them.
        case impossibleTravel = "impossible-travel"
        /// A check dated outside its credential's validity or the deposit window.
        case datedOutsideWindow = "dated-outside-window"
        /// A second deposit of a cleared microcheck.
        case doubleDeposit = "double-deposit"
    }

    /// The payer's fingerprint or the merchant's id.
    public var subject: String
    /// Which rule.
    public var rule: Rule
    /// Details for a person.
    public var detail: String
    /// When.
    public var at: UTCTime

    /// Creates a flag.
    public init(subject: String, rule: Rule, detail: String, at: UTCTime) {
        self.subject = subject
        self.rule = rule
        self.detail = detail
        self.at = at
    }
}
