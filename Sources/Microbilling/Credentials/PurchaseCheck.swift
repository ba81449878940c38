import KeyNote

/// The compliance check of one purchase, the same for the payer's local
/// check, the merchant and clearing: the merchant's POLICY assertions, the
/// payer's credentials and the microcheck, the offer as the action, and the
/// merchant's key as the action authorizer, so that the microcheck is on
/// the delegation path (paper, section 3.3).
public enum PurchaseCheck {
    /// The compliance values, lowest first.
    public static let values = ["false", "true"]

    /// What the checker answered.
    public struct Outcome: Sendable {
        /// Whether the purchase is authorized (the query's value is `true`).
        public var authorized: Bool
        /// Assertions that were ignored, with why (bad signature, syntax).
        public var diagnostics: [AssertionDiagnostic]
    }

    /// Runs the check.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidAssertion`` when
    ///   an assertion cannot be added or the query fails (a budget or limit
    ///   was exceeded); the purchase is then refused by the caller.
    public static func run(policies: [String], credentials: [String], microcheck: String,
                           offer: Offer) throws(MicrobillingError) -> Outcome {
        try run(policies: policies, credentials: credentials, microcheck: microcheck,
                attributes: offer.attributes, merchant: offer.merchantPrincipal)
    }

    /// Runs the check on an action given attribute by attribute (as a peer
    /// could send it), with `merchant` as the action authorizer.
    public static func run(policies: [String], credentials: [String], microcheck: String,
                           attributes: [(name: String, value: String)], merchant: String) throws(MicrobillingError) -> Outcome {
        let prepared = try PreparedPurchaseCheck(policies: policies, merchant: merchant)
        let parsed: [Assertion]
        let check: Assertion
        do {
            parsed = try credentials.map { text throws(KeyNoteError) in try Assertion(parsing: text) }
            check = try Assertion(parsing: microcheck)
        } catch {
            throw MicrobillingError(.invalidAssertion, "compliance check: \(error)")
        }
        return try prepared.run(credentials: parsed, microcheck: check, attributes: attributes)
    }
}
