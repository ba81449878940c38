/// Names of the action attributes an offer sets for the compliance checker.
///
/// Numeric attributes are plain decimal integers of at most nine digits, and
/// every credential guards them (see `GuardedCondition`), so a missing or
/// malformed value never passes as 0.
public enum OfferAttribute {
    /// The application domain, e.g. `deli`.
    public static let appDomain = "app_domain"
    /// The merchant's display name (never used to decide).
    public static let merchant = "merchant"
    /// The merchant's unique id, assigned by the PA.
    public static let merchantID = "merchant_id"
    /// The currency code.
    public static let currency = "currency"
    /// The amount as a decimal, e.g. `0.55` (for display and exact string binding).
    public static let amount = "amount"
    /// The amount in minor units, e.g. `55` (for guarded numeric tests).
    public static let amountMinor = "amount_minor"
    /// The product's name (display).
    public static let product = "product"
    /// The product's category, a word such as `food`, `newspaper`, `adult`.
    public static let productCategory = "product_category"
    /// The UTC date `YYYYMMDD`.
    public static let date = "date"
    /// The UTC moment `YYYYMMDDThhmmss`.
    public static let timestamp = "timestamp"
    /// The offer's nonce, 32 lowercase hex digits.
    public static let nonce = "nonce"
    /// Purchases by this payer at this merchant earlier this UTC day.
    public static let purchasesToday = "purchases_today"
    /// Minor units spent by this payer at this merchant earlier this UTC day.
    public static let spentTodayMinor = "spent_today_minor"
    /// Seconds since this payer's last purchase at this merchant; ``MerchantHistory/noPreviousPurchase`` if none.
    public static let secondsSinceLast = "seconds_since_last"
}
