import MicrocheckCrypto

/// A merchant's KeyNote policy (paper, section 3.1): which PA keys it trusts
/// to issue payer credentials, and which categories also need a credential
/// from another authority (the car rental's DMV licence, an adulthood
/// credential).
///
/// More than one PA key may be trusted at once, so a PA key can be rotated
/// with overlap.
public struct MerchantPolicy: Sendable, Hashable {
    /// A category that needs, besides payment, a credential from each of `authorities`.
    public struct GatedCategory: Sendable, Hashable {
        /// The category, e.g. `car-rental` or `adult`.
        public var category: String
        /// The authorities whose credentials are all required.
        public var authorities: [KeyNoteKey]

        /// Creates a gate.
        public init(category: String, authorities: [KeyNoteKey]) {
            self.category = category
            self.authorities = authorities
        }
    }

    /// The application domain the merchant sells in.
    public var appDomain: String
    /// PA keys trusted to issue payer credentials (root PAs for layered issuers).
    public var trustedIssuers: [KeyNoteKey]
    /// Categories that need attribute credentials.
    public var gatedCategories: [GatedCategory]

    /// Creates a policy.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidValue`` for an
    ///   unusable domain or category, no trusted issuer, or a gate without authority.
    public init(appDomain: String, trustedIssuers: [KeyNoteKey], gatedCategories: [GatedCategory] = []) throws(MicrobillingError) {
        try Token.require(Token.isWord(appDomain), "app_domain", appDomain)
        guard !trustedIssuers.isEmpty else { throw MicrobillingError(.invalidValue, "a merchant policy needs at least one trusted PA key") }
        for gate in gatedCategories {
            try Token.require(Token.isWord(gate.category), "category", gate.category)
            guard !gate.authorities.isEmpty else {
                throw MicrobillingError(.invalidValue, "category \(gate.category) is gated by no authority")
            }
        }
        self.appDomain = appDomain
        self.trustedIssuers = trustedIssuers
        self.gatedCategories = gatedCategories
    }

    /// The POLICY assertions, unsigned: one for the categories that need only
    /// payment, one per gated category.
    public var assertions: [String] {
        let issuers = trustedIssuers.map(AssertionWriter.quoted).joined(separator: " || ")
        let domain = "\(OfferAttribute.appDomain) == \"\(appDomain)\" &&\n    \(OfferAttribute.productCategory) ~= \"\(ConditionsWriter.categoryPattern)\""
        let exclusions = gatedCategories.map { " &&\n    \(OfferAttribute.productCategory) != \"\($0.category)\"" }.joined()
        var texts = [Self.policy(licensees: issuers, conditions: domain + exclusions)]
        for gate in gatedCategories {
            let authorities = gate.authorities.map(AssertionWriter.quoted).joined(separator: " && ")
            texts.append(Self.policy(licensees: "(\(issuers)) && \(authorities)",
                                     conditions: domain + " &&\n    \(OfferAttribute.productCategory) == \"\(gate.category)\""))
        }
        return texts
    }

    private static func policy(licensees: String, conditions: String) -> String {
        "KeyNote-Version: 2\nAuthorizer: \"POLICY\"\nLicensees: \(licensees)\nConditions: \(conditions) -> \"true\";\n"
    }
}
