/// The terms a credential encodes, as the PA chose them from its risk strategy.
///
/// The credential's Conditions (written by ``ConditionsWriter``) are what the
/// compliance checker decides on. The same terms are also written, signed, in
/// the credential's Comment so that a merchant can say *why* a purchase was
/// refused, clearing can find the fund to debit, and the PA can compute the
/// worst-case exposure; they never decide anything themselves.
public struct CredentialTerms: Sendable, Hashable {
    /// What the credential is for.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A payer credential: a PA lets a payer's key write microchecks.
        case payer
        /// A transaction-specific payer credential from online escalation.
        case escalation
        /// A root PA delegates issuing to a regional PA.
        case delegation
        /// An authority (DMV, age registry) vouches for a payer's attribute.
        case attribute
    }

    /// What the credential is for.
    public var kind: Kind
    /// The issuer's serial number for this credential.
    public var serial: String
    /// The payer class it was issued for (payer and escalation credentials).
    public var payerClass: String?
    /// The fund clearing debits, e.g. `general` or `food-benefit` (restricted money).
    public var fund: String
    /// The application domain.
    public var appDomain: String
    /// The currency; nil for attribute credentials.
    public var currency: Currency?
    /// The most one purchase may cost, in minor units.
    public var perPurchaseLimit: Int64?
    /// First moment of validity.
    public var notBefore: UTCTime
    /// End of validity (exclusive).
    public var notAfter: UTCTime
    /// The only categories allowed; nil allows any category not forbidden.
    public var allowedCategories: [String]?
    /// Categories never allowed.
    public var forbiddenCategories: [String]
    /// Most purchases per merchant per UTC day.
    public var purchasesPerMerchantPerDay: Int?
    /// Most minor units per merchant per UTC day.
    public var totalPerMerchantPerDay: Int64?
    /// Fewest seconds between two purchases at one merchant.
    public var minimumInterval: Int64?
    /// The one offer an escalation credential is for.
    public var nonce: String?
    /// The exact amount of that offer, in minor units.
    public var exactAmount: Int64?
    /// The attribute an authority vouches for, e.g. `adult` or `driver-licence`.
    public var attribute: String?

    /// Terms with only the required parts; the rest can be set afterwards.
    public init(kind: Kind, serial: String, appDomain: String, notBefore: UTCTime, notAfter: UTCTime) {
        self.kind = kind
        self.serial = serial
        self.payerClass = nil
        self.fund = "general"
        self.appDomain = appDomain
        self.currency = nil
        self.perPurchaseLimit = nil
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.allowedCategories = nil
        self.forbiddenCategories = []
        self.purchasesPerMerchantPerDay = nil
        self.totalPerMerchantPerDay = nil
        self.minimumInterval = nil
        self.nonce = nil
        self.exactAmount = nil
        self.attribute = nil
    }

    /// Checks every part so that it can be written into conditions safely.
    public func validate() throws(MicrobillingError) {
        try Token.require(Token.isIdentifier(serial), "serial", serial)
        try Token.require(Token.isWord(fund), "fund", fund)
        try Token.require(Token.isWord(appDomain), "app_domain", appDomain)
        if let payerClass { try Token.require(Token.isWord(payerClass), "payer class", payerClass) }
        if let attribute { try Token.require(Token.isWord(attribute), "attribute", attribute) }
        if let nonce { try Token.require(Token.isHex(nonce, length: 32), "nonce", nonce) }
        for category in (allowedCategories ?? []) + forbiddenCategories {
            try Token.require(Token.isWord(category), "category", category)
        }
        guard notBefore < notAfter else {
            throw MicrobillingError(.invalidValue, "credential \(serial): validity \(notBefore)..<\(notAfter) is empty")
        }
        for (name, value) in [("limit", perPurchaseLimit), ("total", totalPerMerchantPerDay), ("amount", exactAmount)] {
            if let value, !(0...Money.maximumMinorUnits).contains(value) {
                throw MicrobillingError(.invalidValue, "credential \(serial): \(name) \(value) is outside 0...\(Money.maximumMinorUnits)")
            }
        }
        if let count = purchasesPerMerchantPerDay, !(1...999_999_999).contains(count) {
            throw MicrobillingError(.invalidValue, "credential \(serial): \(count) purchases per day is outside 1...999999999")
        }
        if let interval = minimumInterval, !(1...MerchantHistory.noPreviousPurchase).contains(interval) {
            throw MicrobillingError(.invalidValue, "credential \(serial): interval \(interval) s is outside 1...\(MerchantHistory.noPreviousPurchase)")
        }
        if kind != .attribute, currency == nil {
            throw MicrobillingError(.invalidValue, "credential \(serial): a \(kind) credential needs a currency")
        }
    }
}
