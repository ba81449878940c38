/// A PA's risk strategy (paper, sections 2 and 3.2): classes of payers, the
/// credentials each class gets, and how a payer's standing shrinks them.
/// Read from a file by ``RiskStrategyFile``.
public struct RiskStrategy: Sendable, Hashable {
    /// One credential a class is issued, with its trade-off (for example high
    /// value and short life, or low value and long life).
    public struct CredentialPlan: Sendable, Hashable {
        /// The plan's name, a word, e.g. `daily`.
        public var name: String
        /// The most one purchase may cost, in minor units.
        public var perPurchaseLimit: Int64
        /// How long the credential is valid, in seconds.
        public var validity: Int64
        /// Most purchases per merchant per UTC day.
        public var purchasesPerMerchantPerDay: Int?
        /// Most minor units per merchant per UTC day.
        public var totalPerMerchantPerDay: Int64?
        /// Fewest seconds between two purchases at one merchant.
        public var minimumInterval: Int64?
        /// The only categories allowed; nil allows any not forbidden.
        public var allowedCategories: [String]?
        /// Categories never allowed.
        public var forbiddenCategories: [String]
        /// The fund clearing debits (restricted money has its own fund).
        public var fund: String
    }

    /// A class of payers.
    public struct PayerClass: Sendable, Hashable {
        /// The class's name.
        public var name: String
        /// The credentials each payer of the class holds at once.
        public var credentials: [CredentialPlan]
        /// The most an online escalation may authorize for one purchase; nil: no escalation.
        public var escalationLimit: Int64?
    }

    /// What a standing does to the credentials issued.
    public struct StandingRule: Sendable, Hashable {
        /// Whether credentials are issued at all.
        public var issue: Bool
        /// Limits and totals are scaled to this percentage (rounded down).
        public var limitPercent: Int
        /// Whether online escalation is answered.
        public var escalation: Bool
    }

    /// The application domain of every credential.
    public var appDomain: String
    /// The currency of every credential.
    public var currency: Currency
    /// The classes, by name.
    public var classes: [String: PayerClass]
    /// The rules for each standing; a good standing changes nothing.
    public var standing: [PayerStanding: StandingRule]

    /// The rule for `standing`.
    public func rule(for standing: PayerStanding) -> StandingRule {
        self.standing[standing] ?? StandingRule(issue: standing != .suspended, limitPercent: 100, escalation: standing == .good)
    }
}

/// How clearing sees a payer: the PA shapes the next credentials by it.
public enum PayerStanding: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Nothing wrong.
    case good
    /// Flagged by a fraud rule: smaller credentials.
    case watch
    /// No offline credentials at all.
    case suspended

    private var rank: Int {
        switch self {
        case .good: return 0
        case .watch: return 1
        case .suspended: return 2
        }
    }

    public static func < (lhs: PayerStanding, rhs: PayerStanding) -> Bool { lhs.rank < rhs.rank }
}
