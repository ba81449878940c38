import KeyNote

/// A merchant's ``PurchaseCheck`` made ready once for many purchases: its
/// POLICY assertions parsed and its key set as the action authorizer. Each
/// purchase runs on a copy, with credentials given as parsed ``Assertion``s,
/// so a credential shared by many purchases is parsed once and its signature
/// verified once (the assertion keeps the answer).
public struct PreparedPurchaseCheck: Sendable {
    private let session: KeyNoteSession

    /// Parses the merchant's `policies` and sets `merchant` as the action authorizer.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidAssertion`` when a
    ///   policy does not parse or the merchant principal does not decode.
    public init(policies: [String], merchant: String) throws(MicrobillingError) {
        var session = KeyNoteSession()
        do {
            for policy in policies { _ = try session.addPolicy(policy) }
            try session.addAuthorizer(merchant)
        } catch {
            throw MicrobillingError(.invalidAssertion, "compliance check: \(error)")
        }
        self.session = session
    }

    /// Runs the check of one purchase.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidAssertion`` when
    ///   an assertion cannot be added or the query fails (a budget or limit
    ///   was exceeded).
    public func run(credentials: [Assertion], microcheck: Assertion,
                    attributes: [(name: String, value: String)]) throws(MicrobillingError) -> PurchaseCheck.Outcome {
        var session = session
        do {
            for credential in credentials { try session.add(credential, trusted: false) }
            try session.add(microcheck, trusted: false)
            for (name, value) in attributes { try session.setAttribute(name, value) }
            let result = try session.query(values: PurchaseCheck.values)
            return PurchaseCheck.Outcome(authorized: result.value == "true", diagnostics: result.diagnostics)
        } catch {
            throw MicrobillingError(.invalidAssertion, "compliance check: \(error)")
        }
    }
}
