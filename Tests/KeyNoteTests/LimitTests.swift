import Testing
import KeyNote

/// Every bound on hostile input has a case just over it (a typed error) and a
/// control just under it (accepted).
@Suite struct LimitTests {
    private func limits(_ change: (inout KeyNoteLimits) -> Void) -> KeyNoteLimits {
        var limits = KeyNoteLimits()
        change(&limits)
        return limits
    }

    private func padded(toBytes count: Int) -> String {
        let head = "Authorizer: \"POLICY\"\nLicensees: \"alice\"\nComment: "
        return head + String(repeating: "x", count: count - head.utf8.count - 1) + "\n"
    }

    @Test func assertionSize() throws {
        let limits = limits { $0.maxAssertionBytes = 500 }
        _ = try Assertion(parsing: padded(toBytes: 500), limits: limits)
        #expect(throws: KeyNoteError.self) { try Assertion(parsing: padded(toBytes: 501), limits: limits) }
        do {
            _ = try Assertion(parsing: padded(toBytes: 501), limits: limits)
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test func fieldCount() throws {
        let limits = limits { $0.maxFields = 4 }
        let base = "Authorizer: \"POLICY\"\nLicensees: \"alice\"\n"
        _ = try Assertion(parsing: "# one\n# two\n" + base, limits: limits)
        do {
            _ = try Assertion(parsing: "# one\n# two\n# three\n" + base, limits: limits)
            Issue.record("five fields were accepted")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.location?.line == 5)
        }
    }

    @Test func expressionNesting() throws {
        let limits = limits { $0.maxNestingDepth = 10 }
        func conditions(_ depth: Int) -> String {
            String(repeating: "(", count: depth) + "true" + String(repeating: ")", count: depth) + ";"
        }
        let under = try Assertion(parsing: Query.policy(conditions(10)), limits: limits)
        try under.validate()
        let over = try Assertion(parsing: Query.policy(conditions(11)), limits: limits)
        #expect(throws: KeyNoteError.self) { try over.validate() }
        do { try over.validate() } catch { #expect(error.code == .limitExceeded) }
        // The query does not fail: the malformed policy is worth nothing.
        #expect(Query.value(of: conditions(10), limits: limits) == "true")
        #expect(Query.value(of: conditions(11), limits: limits) == "false")
    }

    @Test func nestingOfNotAndMinusAndDereference() throws {
        let limits = limits { $0.maxNestingDepth = 8 }
        #expect(Query.value(of: String(repeating: "!", count: 8) + "true;", limits: limits) == "true")
        #expect(Query.value(of: String(repeating: "!", count: 9) + "true;", limits: limits) == "false")
        #expect(Query.value(of: String(repeating: "-", count: 8) + "1 == 1;", limits: limits) == "true")
        #expect(Query.value(of: String(repeating: "-", count: 9) + "1 == 1;", limits: limits) == "false")
    }

    @Test func tokensPerField() throws {
        let limits = limits { $0.maxTokensPerField = 40 }
        // "true", 19 times "|| true" and ";": 40 tokens.
        let under = "true" + String(repeating: " || true", count: 19) + ";"
        let over = "true" + String(repeating: " || true", count: 20) + ";"
        #expect(Query.value(of: under, limits: limits) == "true")
        let assertion = try Assertion(parsing: Query.policy(over), limits: limits)
        do {
            try assertion.validate()
            Issue.record("too many tokens were accepted")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    /// POLICY -> a1 -> a2 -> ... -> the action authorizer, all trusted.
    private func chain(_ length: Int) -> [String] {
        var assertions = ["Authorizer: \"POLICY\"\nLicensees: \"a1\"\n"]
        for index in 1..<length {
            assertions.append("Authorizer: \"a\(index)\"\nLicensees: \"a\(index + 1)\"\n")
        }
        assertions.append("Authorizer: \"a\(length)\"\nLicensees: \"alice\"\n")
        return assertions
    }

    @Test func delegationDepth() throws {
        let limits = limits { $0.maxDelegationDepth = 6 }
        #expect(try Query.run(chain(6), limits: limits).value == "true")
        do {
            _ = try Query.run(chain(7), limits: limits)
            Issue.record("a chain over the limit was followed")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test func assertionsPerSession() throws {
        var session = KeyNoteSession(limits: limits { $0.maxAssertions = 3 })
        for _ in 0..<3 { try session.addPolicy(Query.policy("true;")) }
        do {
            try session.addPolicy(Query.policy("true;"))
            Issue.record("a fourth assertion was accepted")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test func attributes() throws {
        var session = KeyNoteSession(limits: limits {
            $0.maxAttributes = 2
            $0.maxAttributeBytes = 8
        })
        try session.setAttribute("a", "12345678")
        try session.setAttribute("b", "1")
        try session.setAttribute("b", "2")  // replacing does not count twice
        #expect(throws: KeyNoteError.self) { try session.setAttribute("c", "1") }
        #expect(throws: KeyNoteError.self) { try session.setAttribute("a", "123456789") }
        #expect(throws: KeyNoteError.self) { try session.setAttribute("_x", "1") }
    }

    @Test func authorizersAndValues() throws {
        var session = KeyNoteSession(limits: limits {
            $0.maxAuthorizers = 2
            $0.maxComplianceValues = 3
        })
        try session.addAuthorizer("alice")
        try session.addAuthorizer("bob")
        #expect(throws: KeyNoteError.self) { try session.addAuthorizer("carol") }
        try session.addPolicy(Query.policy("true;"))
        #expect(try session.query(values: ["a", "b", "c"]).value == "c")
        #expect(throws: KeyNoteError.self) { try session.query(values: ["a", "b", "c", "d"]) }
    }

    @Test func concatenatedStringSize() throws {
        let limits = limits { $0.maxStringBytes = 16 }
        let attributes = [("x", "12345678")]
        #expect(Query.value(of: "x . x == \"1234567812345678\";", attributes: attributes, limits: limits) == "true")
        #expect(Query.value(of: "x . x . \"1\" == \"\";", attributes: attributes, limits: limits) == "error")
    }

    @Test func stringsBuiltInOneClause() throws {
        // Each `x . x` builds 16 bytes; three of them in one clause take 48.
        let limits = limits { $0.maxScratchBytes = 47 }
        let attributes = [("x", "12345678")]
        let two = "x . x == \"1234567812345678\" && x . x == \"1234567812345678\";"
        let three = "x . x == \"1234567812345678\" && x . x == \"1234567812345678\" && x . x != \"\";"
        #expect(Query.value(of: two, attributes: attributes, limits: limits) == "true")
        #expect(Query.value(of: three, attributes: attributes, limits: limits) == "error")
        // What one clause built is let go when it is done.
        #expect(Query.value(of: two + two + two, attributes: attributes, limits: limits) == "true")
    }

    @Test func queryBudget() throws {
        let clause = "a == \"1\" && a == \"1\";"
        let program = String(repeating: clause, count: 50)
        let generous = limits { $0.maxQuerySteps = 10_000 }
        let tight = limits { $0.maxQuerySteps = 200 }
        #expect(Query.value(of: program, attributes: [("a", "1")], limits: generous) == "true")
        do {
            _ = try Query.run([Query.policy(program)], attributes: [("a", "1")], limits: tight)
            Issue.record("the budget was not enforced")
        } catch {
            #expect(error.code == .budgetExhausted)
        }
    }

    @Test func regexPatternAndSubjectSizes() throws {
        let limits = limits { $0.regex = RegexLimits(maxPatternBytes: 8, maxSubjectBytes: 10) }
        #expect(Query.value(of: "x ~= \"^a+b$\";", attributes: [("x", "aaaaaaaaab")], limits: limits) == "true")
        #expect(Query.value(of: "x ~= \"^a+b$\";", attributes: [("x", "aaaaaaaaaab")], limits: limits) == "error")
        #expect(Query.value(of: "x ~= \"^(a|b)+$\";", attributes: [("x", "ab")], limits: limits) == "true")
        #expect(Query.value(of: "x ~= \"^(a|b)+c$\";", attributes: [("x", "ab")], limits: limits) == "error")
    }

    @Test func regexBackReferencesAreRefused() {
        #expect(Query.value(of: "x ~= \"^(a)\\\\1$\";", attributes: [("x", "aa")]) == "error")
        #expect(Query.value(of: "x ~= \"^(a)a$\";", attributes: [("x", "aa")]) == "true")
    }

    /// Numbers of any length parse without trapping, with the reference's C semantics.
    @Test func numberParsing() {
        let huge = String(repeating: "9", count: 5000)
        #expect(Query.value(of: "\(huge) == -1;") == "true")  // strtol saturates, int keeps the low bits
        #expect(Query.value(of: "@x == -2147483648;", attributes: [("x", huge)]) == "true")  // inf -> INT_MIN
        #expect(Query.value(of: "&x > 1.0;", attributes: [("x", huge + "." + huge)]) == "true")
        #expect(Query.value(of: "\(huge).5 > 1.0;") == "true")
    }
}

/// The deepest expressions the default limits let through evaluate on a
/// thread of the cooperative pool (small stacks) without exhausting the stack.
@Suite struct StackDepthTests {
    @Test func longestOperatorChainsEvaluate() async throws {
        let count = KeyNoteLimits.default.maxTokensPerField / 2 - 4
        let sum = Array(repeating: "1", count: count).joined(separator: " + ") + " == \(count);"
        let concatenation = Array(repeating: "a", count: count).joined(separator: " . ") + " == \"\";"
        let disjunction = Array(repeating: "false", count: count).joined(separator: " || ") + ";"
        let result = await Task.detached {
            [Query.value(of: sum), Query.value(of: concatenation), Query.value(of: disjunction)]
        }.value
        #expect(result == ["true", "true", "false"])
    }

    @Test func deepestNestingEvaluates() async throws {
        let depth = KeyNoteLimits.default.maxNestingDepth
        let nested = String(repeating: "(", count: depth) + "1 == 1" + String(repeating: ")", count: depth) + ";"
        let negations = String(repeating: "!", count: depth) + "false;"
        let result = await Task.detached { [Query.value(of: nested), Query.value(of: negations)] }.value
        #expect(result == ["true", "false"])
    }
}
