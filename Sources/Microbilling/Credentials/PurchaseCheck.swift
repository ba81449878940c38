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
        var session = KeyNoteSession()
        do {
            for policy in policies { _ = try session.addPolicy(policy) }
            for credential in credentials { _ = try session.addCredential(credential) }
            _ = try session.addCredential(microcheck)
            for (name, value) in attributes { try session.setAttribute(name, value) }
            try session.addAuthorizer(merchant)
            let result = try session.query(values: values)
            return Outcome(authorized: result.value == "true", diagnostics: result.diagnostics)
        } catch {
            throw MicrobillingError(.invalidAssertion, "compliance check: \(error)")
        }
    }
}
