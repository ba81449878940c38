import KeyNote

/// Small helpers to build sessions in tests.
enum Query {
    /// A POLICY that grants `conditions` to the action authorizer `"alice"`.
    static func policy(_ conditions: String, licensees: String = "\"alice\"") -> String {
        "Authorizer: \"POLICY\"\nLicensees: \(licensees)\nConditions: \(conditions)\n"
    }

    /// Runs a one-policy query with attributes; returns the value or throws.
    static func run(_ policies: [String], credentials: [String] = [], attributes: [(String, String)] = [],
                    authorizers: [String] = ["alice"], values: [String] = ["false", "true"],
                    limits: KeyNoteLimits = .default) throws(KeyNoteError) -> QueryResult {
        var session = KeyNoteSession(limits: limits)
        for (name, value) in attributes { try session.setAttribute(name, value) }
        for authorizer in authorizers { try session.addAuthorizer(authorizer) }
        for policy in policies { try session.addPolicy(policy) }
        for credential in credentials { try session.addCredential(credential) }
        return try session.query(values: values)
    }

    /// The value of a single policy's Conditions, "error" when the query fails.
    static func value(of conditions: String, attributes: [(String, String)] = [],
                      values: [String] = ["false", "true"], limits: KeyNoteLimits = .default) -> String {
        do {
            return try run([policy(conditions)], attributes: attributes, values: values, limits: limits).value
        } catch {
            return "error"
        }
    }
}
