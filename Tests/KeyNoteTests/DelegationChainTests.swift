import KeyNote
import Testing

/// Delegation chains through many assertions: the compliance checker finds a
/// principal's assertions by scanning a small session and through an index
/// in a large one; both must give the same answers.
@Suite struct DelegationChainTests {
    /// POLICY -> p0 -> p1 -> ... -> p(length-1) -> alice, every link a
    /// trusted assertion; the link at `weak` grants only "maybe", and a
    /// decoy assertion by each principal grants nothing.
    private func answer(length: Int, weak: Int?, amount: String) throws -> String {
        var session = KeyNoteSession()
        try session.addAuthorizer("alice")
        try session.setAttribute("amount", amount)
        try session.addPolicy("Authorizer: \"POLICY\"\nLicensees: \"p0\"\nConditions: true;\n")
        for link in 0..<length {
            let licensee = link == length - 1 ? "alice" : "p\(link + 1)"
            let grant = link == weak ? "\"maybe\"" : "\"true\""
            try session.addPolicy("Authorizer: \"p\(link)\"\nLicensees: \"\(licensee)\"\nConditions: @amount < 10 -> \(grant);\n")
            try session.addPolicy("Authorizer: \"p\(link)\"\nLicensees: \"nobody\"\nConditions: true;\n")
        }
        return try session.query(values: ["false", "maybe", "true"]).value
    }

    @Test(arguments: [3, 20])
    func chainGivesItsWeakestLink(length: Int) throws {
        #expect(try answer(length: length, weak: nil, amount: "5") == "true")
        #expect(try answer(length: length, weak: length / 2, amount: "5") == "maybe")
        #expect(try answer(length: length, weak: nil, amount: "50") == "false")
    }
}
