import Testing
import KeyNote

/// The KeyNote language as the reference implements it, including the places
/// where it surprises (see the KeyNote documentation, "Traps").
@Suite struct LanguageTests {
    @Test func fieldNamesAreCaseInsensitivePrefixes() throws {
        #expect(try Query.run(["auth: \"POLICY\"\nLICENSEES: \"alice\"\nc: true;\n"]).value == "true")
        // "L" is a prefix of Local-Constants before Licensees: this is a malformed Local-Constants field.
        #expect(throws: KeyNoteError.self) { try Assertion(parsing: "Authorizer: \"POLICY\"\nL: \"alice\"\n") }
    }

    @Test func parseErrorsSayWhere() {
        do {
            _ = try Assertion(parsing: "Authorizer: \"POLICY\"\nLicensees \"alice\"\nConditions: true;\n")
            Issue.record("a field without ':' was accepted")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.location == SourceLocation(line: 2, column: 1, offset: 21))
        }
        do {
            try Assertion(parsing: "Authorizer: \"POLICY\"\nConditions: a ==\n   ;\n").validate()
            Issue.record("a comparison without a right side was accepted")
        } catch {
            #expect(error.location?.line == 3)
            #expect(error.location?.column == 4)
        }
    }

    @Test func aBlankLineEndsTheAssertion() throws {
        #expect(try Query.run(["Authorizer: \"POLICY\"\nLicensees: \"alice\"\n\nConditions: false;\n"]).value == "true")
    }

    @Test func integersAreThirtyTwoBitAndWrap() {
        #expect(Query.value(of: "2147483647 + 1 == -2147483648;") == "true")
        #expect(Query.value(of: "2 ^ 31 == -2147483648;") == "true")
        #expect(Query.value(of: "7 / 2 == 3 && -7 % 3 == -1 && 2 ^ -1 == 0;") == "true")
        #expect(Query.value(of: "-2 ^ 2 == 4;") == "true")
        #expect(Query.value(of: "4294967296 == 0;") == "true")
    }

    /// C leaves INT_MIN / -1 undefined (x86-64 traps); we define it as a run-time error.
    @Test func undefinedDivisionIsARunTimeError() {
        let values = ["false", "maybe", "true"]
        #expect(Query.value(of: "@x / -1 == 0 -> \"true\"; true -> \"maybe\";",
                            attributes: [("x", "2147483648")], values: values) == "maybe")
        #expect(Query.value(of: "-2147483647 - 1 == -2147483648 && (-2147483647 - 1) % -1 == 0;") == "false")
        #expect(Query.value(of: "1 / 0 == 1 || true;") == "false")
        #expect(Query.value(of: "true || 1 / 0 == 1;") == "true")
    }

    /// The trap of issue 2, point 7: `@` and `&` read anything that is not
    /// digits with at most one point as 0.
    @Test func missingOrMalformedNumbersReadAsZero() {
        for amount in [nil, "-1", "1e9", "", " 5", "0x10"] {
            let attributes = amount.map { [("amount", $0)] } ?? []
            #expect(Query.value(of: "&amount <= 1.51;", attributes: attributes) == "true")
            #expect(Query.value(of: "@amount <= 151;", attributes: attributes) == "true")
            // Guarded as the microbilling layer writes it, the condition cannot be fooled.
            #expect(Query.value(of: "amount ~= \"^[0-9]+$\" && @amount <= 151;", attributes: attributes) == "false")
        }
        #expect(Query.value(of: "amount ~= \"^[0-9]+$\" && @amount <= 151;", attributes: [("amount", "151")]) == "true")
        #expect(Query.value(of: "@x == 12;", attributes: [("x", "12.9")]) == "true")
    }

    @Test func floatsHaveNoEquality() throws {
        #expect(Query.value(of: "&x == 1.5;", attributes: [("x", "1.5")]) == "false")
        #expect(Query.value(of: "&x >= 1.5 && &x <= 1.5;", attributes: [("x", "1.5")]) == "true")
        #expect(throws: KeyNoteError.self) { try Assertion(parsing: Query.policy("&x == 1.5;")).validate() }
    }

    @Test func regexGroupsAreAttributes() {
        let attributes = [("x", "aab"), ("y", "abcd")]
        #expect(Query.value(of: "x ~= \"^(a+)(b*)(c*)$\" && _0 == \"3\" && _1 == \"aa\" && _2 == \"b\" && _3 == \"\";",
                            attributes: attributes) == "true")
        // The groups glibc's regexec gives, as the reference was built on Linux
        // (OpenBSD's libc would give "ab", "c", "d"; Swift's Regex "ab", "cd", "").
        #expect(Query.value(of: "y ~= \"(a|ab)(c|bcd)(d*)\" && _1 == \"a\" && _2 == \"bcd\";", attributes: attributes) == "true")
        // Groups last to the end of their clause only.
        #expect(Query.value(of: "x ~= \"^(a+)\" -> \"maybe\"; _1 == \"aa\";", attributes: attributes,
                            values: ["false", "maybe", "true"]) == "maybe")
        // A pattern that does not compile makes its clause false.
        #expect(Query.value(of: "x ~= \"(\" || true;", attributes: attributes) == "false")
    }

    @Test func stringLiteralEscapes() {
        #expect(Query.value(of: "\"\\101\" == \"A\";") == "true")
        #expect(Query.value(of: "\"\\x41\" == \"x41\";") == "true")
        #expect(Query.value(of: "\"\\0\" == \"0\";") == "true")
        #expect(Query.value(of: "\"a\\\n      b\" == \"ab\";") == "true")
        #expect(Query.value(of: "\"\\400\" == \"400\";") == "true")
    }

    @Test func specialNames() throws {
        let conditions = "_ACTION_AUTHORIZERS == \"bob,alice\" && _VALUES == \"no,maybe,yes\" && _MIN_TRUST == \"no\" -> _MAX_TRUST;"
        let result = try Query.run([Query.policy(conditions)], authorizers: ["alice", "bob"], values: ["no", "maybe", "yes"])
        #expect(result.value == "yes")
    }

    @Test func keywordsIgnoreLetterCase() throws {
        #expect(Query.value(of: "TRUE && !False;") == "true")
        #expect(try Query.run([Query.policy("true;", licensees: "2-OF(\"alice\", \"bob\", \"carol\")")],
                              authorizers: ["alice", "carol"]).value == "true")
    }

    @Test func thresholds() throws {
        let values = ["no", "low", "high"]
        let policies = [
            Query.policy("true;", licensees: "2-of(\"a\", \"b\", \"c\")"),
            "Authorizer: \"a\"\nLicensees: \"alice\"\nConditions: true -> \"high\";\n",
            "Authorizer: \"b\"\nLicensees: \"alice\"\nConditions: true -> \"low\";\n",
        ]
        #expect(try Query.run(policies, values: values).value == "low")
        #expect(throws: KeyNoteError.self) {
            try Assertion(parsing: Query.policy("true;", licensees: "3-of(\"a\", \"b\")")).validate()
        }
    }

    /// A stray byte after a complete Authorizer ends the field (reference
    /// behaviour); a second principal fails the whole query.
    @Test func authorizerErrors() throws {
        #expect(try Query.run(["Authorizer: \"POLICY\" ;\nLicensees: \"alice\"\n"]).value == "true")
        do {
            _ = try Query.run(["Authorizer: \"POLICY\"\nLicensees: \"alice\"\n", "Authorizer: \"a\" \"b\"\n"])
            Issue.record("an Authorizer with two principals did not fail the query")
        } catch {
            #expect(error.code == .queryFailed)
        }
    }

    /// The reference lets a credential whose Conditions end in a stray byte
    /// count without its Licensees or signature being checked; we do not.
    @Test func aStrayByteInConditionsIsNeverABypass() throws {
        let policy = Query.policy("true;", licensees: "\"pa\"")
        let forged = "Authorizer: \"pa\"\nLicensees: \"mallory\"\nConditions: true; ~\n"
        #expect(try Query.run([policy], credentials: [forged]).value == "false")
    }

    @Test("a Conditions field with far more expressions than its length suggests parses and evaluates in full")
    func manyShortExpressions() {
        // Every `a==a&&` is 6 bytes and 3 nodes: far past the room made at first.
        let terms = Array(repeating: "a==a", count: 400)
        #expect(Query.value(of: terms.joined(separator: "&&") + ";", attributes: [("a", "1")]) == "true")
        #expect(Query.value(of: (terms + ["a==\"2\""]).joined(separator: "&&") + ";", attributes: [("a", "1")]) == "false")
    }
}

/// Reference behaviour kept on purpose: documented in the "Traps" article.
@Suite struct ReferenceQuirkTests {
    /// A run-time error in the test before `-> { ... }` is absorbed by the
    /// first clause of the block, and the outer clause takes the block's value.
    @Test func anErrorBeforeABlockIsAbsorbedByItsFirstClause() {
        let values = ["none", "low", "high"]
        let conditions = "@a / @b == 4 -> { true -> \"low\"; true -> \"high\"; };"
        #expect(Query.value(of: conditions, attributes: [("a", "4"), ("b", "0")], values: values) == "high")
        let single = "@a / @b == 4 -> { true -> \"high\"; };"
        #expect(Query.value(of: single, attributes: [("a", "4"), ("b", "0")], values: values) == "none")
    }
}

@Suite struct GuardedConditionTests {
    @Test(arguments: [nil, "", "-1", "1e9", "abc", " 5", "0x10", "0151", "4294967296", "1234567890"])
    func malformedValuesNeverPass(_ amount: String?) throws {
        let test = try GuardedCondition.integer("amount", .lessOrEqual, 151)
        let attributes = amount.map { [("amount", $0)] } ?? []
        #expect(Query.value(of: test + ";", attributes: attributes) == "false")
    }

    @Test(arguments: GuardedCondition.Comparison.allCases)
    func wellFormedValuesCompare(_ comparison: GuardedCondition.Comparison) throws {
        let test = try GuardedCondition.integer("amount", comparison, 151)
        let expected: [String: Bool] = ["<": false, "<=": true, "==": true, "!=": false, ">=": true, ">": false]
        #expect(Query.value(of: test + ";", attributes: [("amount", "151")]) == String(expected[comparison.rawValue] ?? false))
        #expect(Query.value(of: test + ";", attributes: [("amount", "999999999")])
                == String(comparison == .greater || comparison == .greaterOrEqual || comparison == .notEqual))
    }

    @Test func negativeConstantsAndBadNames() throws {
        #expect(Query.value(of: try GuardedCondition.integer("x", .greater, -5) + ";", attributes: [("x", "0")]) == "true")
        #expect(throws: KeyNoteError.self) { try GuardedCondition.integer("1x", .less, 1) }
        #expect(throws: KeyNoteError.self) { try GuardedCondition.integer("a b", .less, 1) }
        #expect(throws: KeyNoteError.self) { try GuardedCondition.integer("true", .less, 1) }
    }
}
