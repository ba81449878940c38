import MicrocheckCrypto

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

    /// A regional PA that the root PA (this strategy's issuer) delegates to.
    public struct RegionalPA: Sendable, Hashable {
        /// The region's name, a word.
        public var name: String
        /// The regional PA's key.
        public var key: KeyNoteKey
        /// The most one purchase under the regional PA may cost, in minor units.
        public var perPurchaseLimit: Int64
        /// How long a delegation is valid, in seconds.
        public var validity: Int64
    }

    /// An authority whose credential a category needs besides payment.
    public struct Authority: Sendable, Hashable {
        /// The authority's name, a word, e.g. `dmv`.
        public var name: String
        /// The authority's key.
        public var key: KeyNoteKey
        /// The attribute it vouches for, e.g. `driver-licence`.
        public var attribute: String
        /// The categories that need its credential.
        public var categories: [String]
    }

    /// The application domain of every credential.
    public var appDomain: String
    /// The currency of every credential.
    public var currency: Currency
    /// The classes, by name.
    public var classes: [String: PayerClass]
    /// The rules for each standing; a good standing changes nothing.
    public var standing: [PayerStanding: StandingRule]
    /// The regional PAs delegated to.
    public var regionalPAs: [RegionalPA] = []
    /// The authorities merchants' policies defer to for gated categories.
    public var authorities: [Authority] = []

    /// The policy of a merchant in this strategy's domain that trusts `issuers`
    /// (the root PA keys, more than one while a key is rotated) and gates
    /// the authorities' categories.
    public func merchantPolicy(trusting issuers: [KeyNoteKey]) throws(MicrobillingError) -> MerchantPolicy {
        var gates: [String: [KeyNoteKey]] = [:]
        for authority in authorities {
            for category in authority.categories { gates[category, default: []].append(authority.key) }
        }
        return try MerchantPolicy(appDomain: appDomain, trustedIssuers: issuers,
                                  gatedCategories: gates.keys.sorted().map { .init(category: $0, authorities: gates[$0] ?? []) })
    }

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
