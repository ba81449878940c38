/// Clearing's settings for deposits and fraud rules (paper, section 3.4).
public struct ClearingRules: Sendable, Hashable {
    /// How long after the transaction a microcheck may be deposited, in seconds.
    public var depositWindow: Int64
    /// How far in the future of its receipt a transaction may be dated, in seconds.
    public var futureSkew: Int64
    /// Most purchases by one payer at one merchant in a UTC day before a flag.
    public var purchasesPerMerchantPerDay: Int
    /// The fastest plausible travel between two merchants, in km/h.
    public var maximumSpeedKmPerHour: Int
    /// Flags against a payer from which it is on watch, and suspended.
    public var watchAfterFlags: Int
    /// Flags from which the payer is suspended.
    public var suspendAfterFlags: Int

    /// Thirty days' window, five minutes' skew, 20 purchases per merchant
    /// a day, 900 km/h, watch after one flag, suspension after three.
    public static let standard = ClearingRules(depositWindow: 30 * 86_400, futureSkew: 300, purchasesPerMerchantPerDay: 20,
                                               maximumSpeedKmPerHour: 900, watchAfterFlags: 1, suspendAfterFlags: 3)

    /// Creates rules.
    public init(depositWindow: Int64, futureSkew: Int64, purchasesPerMerchantPerDay: Int, maximumSpeedKmPerHour: Int,
                watchAfterFlags: Int, suspendAfterFlags: Int) {
        self.depositWindow = depositWindow
        self.futureSkew = futureSkew
        self.purchasesPerMerchantPerDay = purchasesPerMerchantPerDay
        self.maximumSpeedKmPerHour = maximumSpeedKmPerHour
        self.watchAfterFlags = watchAfterFlags
        self.suspendAfterFlags = suspendAfterFlags
    }
}
