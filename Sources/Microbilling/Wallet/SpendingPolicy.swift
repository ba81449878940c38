import KeyNote

/// The payer's own rules for approving offers without a prompt, written as
/// KeyNote conditions over the offer's attributes, e.g.
/// `product_category == "drink" && amount_minor ~= "^(0|[1-9][0-9]{0,8})$" && @amount_minor <= 200`.
public struct SpendingPolicy: Sendable, Hashable {
    /// The Conditions of the payer's policy (without `-> "true"`).
    public let conditions: String
    private static let approver = "payer-approval"

    /// Creates a policy from conditions.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidAssertion`` when
    ///   the conditions do not parse (with line and column).
    public init(conditions: String) throws(MicrobillingError) {
        self.conditions = conditions
        do {
            _ = try Assertion(parsing: assertion).validate()
        } catch {
            throw MicrobillingError(.invalidAssertion, "spending policy: \(error)")
        }
    }

    private var assertion: String {
        "Authorizer: \"POLICY\"\nLicensees: \"\(Self.approver)\"\nConditions: \(conditions) -> \"true\";\n"
    }

    /// Whether the policy approves `offer`.
    public func approves(_ offer: Offer) throws(MicrobillingError) -> Bool {
        var session = KeyNoteSession()
        do {
            _ = try session.addPolicy(assertion)
            for (name, value) in offer.attributes { try session.setAttribute(name, value) }
            try session.addAuthorizer(Self.approver)
            return try session.query(values: PurchaseCheck.values).value == "true"
        } catch {
            throw MicrobillingError(.invalidAssertion, "spending policy: \(error)")
        }
    }
}
