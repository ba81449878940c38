/// What a merchant knows of one payer's recent purchases at this merchant, as
/// offered to the payer's credentials (paper, section 3.2: counts, totals and
/// intervals per merchant).
public struct MerchantHistory: Sendable, Hashable, Codable {
    /// The value of `seconds_since_last` when the payer never bought here.
    public static let noPreviousPurchase: Int64 = 999_999_999

    /// Purchases earlier this UTC day.
    public var purchasesToday: Int
    /// Minor units spent earlier this UTC day.
    public var spentTodayMinor: Int64
    /// Seconds since the last purchase, capped at ``noPreviousPurchase``.
    public var secondsSinceLast: Int64

    /// No purchases yet.
    public static let none = MerchantHistory(purchasesToday: 0, spentTodayMinor: 0, secondsSinceLast: noPreviousPurchase)

    /// Creates a history; values are clamped to what a guarded condition can read.
    public init(purchasesToday: Int, spentTodayMinor: Int64, secondsSinceLast: Int64) {
        self.purchasesToday = min(max(purchasesToday, 0), 999_999_999)
        self.spentTodayMinor = min(max(spentTodayMinor, 0), Money.maximumMinorUnits)
        self.secondsSinceLast = min(max(secondsSinceLast, 0), Self.noPreviousPurchase)
    }
}
