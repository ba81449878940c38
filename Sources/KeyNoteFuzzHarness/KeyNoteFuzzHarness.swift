import KeyNote

/// Turns arbitrary bytes into a whole KeyNote session and query, for libFuzzer
/// (`tools/fuzz`) and for replaying past failing inputs in the tests.
///
/// The engine must answer every input with a value or a typed ``KeyNoteError``;
/// a trap, a hang or a crash is a bug. The harness also traps when the engine
/// breaks one of its own promises (see ``run(_:)``), so the fuzzer reports those too.
///
/// ## Input format
///
/// The input is split into *parts* at every line that is exactly `%%`: the
/// three bytes `%%\n` at the start of the input or right after a `\n`. The
/// newline before such a line stays with the part it ends, so an assertion
/// followed by a separator keeps its last newline and its bytes are exactly
/// what was written.
///
/// | part | content |
/// | --- | --- |
/// | 0 | an environment file (`keynote verify -e`), read with ``KeyNoteFiles/parseEnvironment(_:)``; if it does not parse, there are no attributes; attributes the session refuses are skipped |
/// | 1 | the compliance values, weakest first, separated by `,`; one final `\n` is dropped; an empty part means no values |
/// | 2 | the action authorizers, separated by `,`, each the text of a `-k` file read with ``KeyNoteFiles/parseAuthorizer(_:)``, or used as the principal byte for byte when it does not parse; one final `\n` is dropped; empty items are skipped |
/// | 3... | assertions |
///
/// Trust rule: the assertion parts before the first *empty* assertion part are
/// trusted (policies, may be `POLICY`-authorized); those after it are untrusted
/// credentials, whose signatures count. Without an empty assertion part every
/// assertion is trusted. Assertions are added in input order.
///
/// A small example (one policy, no credentials):
///
/// ```text
/// app_domain = "test"
/// %%
/// false,true
/// %%
/// "alice"
/// %%
/// Authorizer: "POLICY"
/// Licensees: "alice"
/// Conditions: app_domain == "test";
/// ```
public enum KeyNoteFuzzHarness {
    /// What one input did: how far it got and how the query ended.
    public struct Outcome: Sendable, Hashable, CustomStringConvertible {
        /// How the query ended.
        public enum Query: Sendable, Hashable {
            /// The query answered with the value at `index` of the compliance values.
            case answered(index: Int, value: String)
            /// The query failed with a typed error of this code.
            case failed(KeyNoteError.Code)
        }

        /// The compliance values the query was asked with.
        public var values: [String]
        /// Action attributes the session accepted.
        public var attributes: Int
        /// Action authorizers the session accepted.
        public var authorizers: Int
        /// Assertion parts in the input (the empty trust marker not counted).
        public var assertionParts: Int
        /// Assertions that parsed and were added to the session.
        public var assertionsAdded: Int
        /// Added assertions for which ``Assertion/validate()`` threw.
        public var assertionsInvalid: Int
        /// Assertion texts whose signature ``AssertionSigning/verify(_:limits:)`` accepted.
        public var signaturesValid: Int
        /// How the query ended.
        public var query: Query
        /// Broken invariants of the engine (empty unless the engine has a bug):
        /// an assertion's text differs from its input, an answer outside the
        /// compliance values, a diagnostic about a missing assertion, or two
        /// runs of the same query that disagree. The fuzz target traps on them.
        public var violations: [String] = []

        public var description: String {
            let end: String
            switch query {
            case .answered(let index, let value): end = "answered \(index) \"\(value)\""
            case .failed(let code): end = "failed: \(code)"
            }
            return "\(attributes) attributes, \(authorizers) authorizers, \(assertionsAdded)/\(assertionParts) assertions added "
                + "(\(assertionsInvalid) invalid, \(signaturesValid) signatures valid), \(values.count) values: \(end)"
        }
    }

    /// The limits of every harness session: smaller than ``KeyNoteLimits/default``
    /// so that inputs of a few kilobytes reach every limit's edge, and so that
    /// the slowest input stays far below libFuzzer's one-second timeout.
    /// The regular-expression limits are the engine's defaults: they are the
    /// ones the fuzzer must not get past.
    public static let limits: KeyNoteLimits = {
        var limits = KeyNoteLimits()
        limits.maxAssertionBytes = 8 * 1024
        limits.maxFields = 32
        limits.maxNestingDepth = 32
        limits.maxTokensPerField = 1024
        limits.maxDelegationDepth = 8
        limits.maxAssertions = 32
        limits.maxAttributes = 32
        limits.maxAttributeBytes = 4 * 1024
        limits.maxAuthorizers = 16
        limits.maxComplianceValues = 16
        limits.maxStringBytes = 4 * 1024
        limits.maxQuerySteps = 200_000
        return limits
    }()

    /// The separator line, without the newline that ends the line before it.
    static let separator: [UInt8] = Array("%%\n".utf8)

    /// Runs one input (format in the type's documentation): builds the session,
    /// parses and validates every assertion, verifies the signature of every
    /// assertion text with ``AssertionSigning/verify(_:limits:)``, and queries.
    ///
    /// Thrown ``KeyNoteError``s are expected results and are recorded, not
    /// rethrown. The harness traps (`fatalError`) when the engine breaks a
    /// promise: an answer outside the compliance values, a diagnostic about an
    /// assertion that does not exist, or a second identical query on the same
    /// session that answers differently.
    ///
    /// - Parameters:
    ///   - data: the input.
    ///   - limits: the session's limits; the fuzzer uses ``limits``, the
    ///     regression tests also replay with ``KeyNoteLimits/default``.
    /// - Returns: what happened, deterministic for a given input.
    @discardableResult
    public static func run(_ data: [UInt8], limits: KeyNoteLimits = KeyNoteFuzzHarness.limits) -> Outcome {
        let parts = split(data)
        var session = KeyNoteSession(limits: limits)

        // Part 0: the environment file.
        var attributes = 0
        if let text = parts.first, let pairs = try? KeyNoteFiles.parseEnvironment(text) {
            for (name, value) in pairs {
                do {
                    try session.setAttribute(name, value)
                    attributes += 1
                } catch {}
            }
        }

        // Part 1: the compliance values.
        var values: [String] = []
        if parts.count > 1 {
            values = items(parts[1]).map { String(decoding: $0, as: UTF8.self) }
        }

        // Part 2: the action authorizers.
        var authorizers = 0
        if parts.count > 2 {
            for item in items(parts[2]) where !item.isEmpty {
                let principal = (try? KeyNoteFiles.parseAuthorizer(item)) ?? item
                do {
                    try session.addAuthorizer(principal)
                    authorizers += 1
                } catch {}
            }
        }

        // Parts 3...: the assertions, trusted up to the first empty part.
        var outcome = Outcome(values: values, attributes: attributes, authorizers: authorizers, assertionParts: 0,
                              assertionsAdded: 0, assertionsInvalid: 0, signaturesValid: 0, query: .failed(.syntax))
        var trusted = true
        for text in parts.dropFirst(3) {
            if text.isEmpty, trusted {
                trusted = false
                continue
            }
            outcome.assertionParts += 1
            if (try? AssertionSigning.verify(text, limits: limits)) == true {
                outcome.signaturesValid += 1
            }
            let assertion: Assertion
            do {
                assertion = try Assertion(parsing: text, limits: limits)
            } catch {
                continue
            }
            if assertion.text != text {
                outcome.violations.append("Assertion.text differs from the bytes it was parsed from")
            }
            do {
                try assertion.validate()
            } catch {
                outcome.assertionsInvalid += 1
            }
            do {
                try session.add(assertion, trusted: trusted)
                outcome.assertionsAdded += 1
            } catch {}
        }

        // The query, twice: the second run meets the signature answers cached in
        // the assertions by the first and must answer the same.
        let first = query(session, values: values, assertions: outcome.assertionsAdded)
        let second = query(session, values: values, assertions: outcome.assertionsAdded)
        outcome.violations += first.violations
        if first != second {
            outcome.violations.append("the same query answered \(first) and then \(second)")
        }
        outcome.query = first.query
        return outcome
    }

    /// Runs one input given as a buffer (the libFuzzer entry point's form).
    @discardableResult
    public static func run(_ data: UnsafeBufferPointer<UInt8>) -> Outcome {
        run(Array(data), limits: limits)
    }

    private struct Answer: Equatable, CustomStringConvertible {
        var query: Outcome.Query
        var diagnostics: [AssertionDiagnostic]
        var violations: [String] = []

        var description: String { "\(query) \(diagnostics)" }
    }

    private static func query(_ session: KeyNoteSession, values: [String], assertions: Int) -> Answer {
        do {
            let result = try session.query(values: values)
            var answer = Answer(query: .answered(index: result.index, value: result.value), diagnostics: result.diagnostics)
            if !values.indices.contains(result.index) || values[result.index] != result.value {
                answer.violations.append("answer \(result.index) \"\(result.value)\" is not one of the \(values.count) compliance values")
            }
            for diagnostic in result.diagnostics where !(0..<assertions).contains(diagnostic.assertion) {
                answer.violations.append("diagnostic about assertion \(diagnostic.assertion) of \(assertions)")
            }
            return answer
        } catch {
            return Answer(query: .failed(error.code), diagnostics: [])
        }
    }

    /// Splits the input at its separator lines.
    static func split(_ data: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        var index = 0
        let count = data.count
        while index + 3 <= count {
            if data[index] == UInt8(ascii: "%"), data[index + 1] == UInt8(ascii: "%"),
               data[index + 2] == UInt8(ascii: "\n"), index == 0 || data[index - 1] == UInt8(ascii: "\n") {
                parts.append(Array(data[start..<index]))
                index += 3
                start = index
            } else {
                index += 1
            }
        }
        parts.append(Array(data[start..<count]))
        return parts
    }

    /// The `,`-separated items of a part, after dropping one final newline;
    /// none for an empty part.
    static func items(_ part: [UInt8]) -> [[UInt8]] {
        var text = part[...]
        if text.last == UInt8(ascii: "\n") { text = text.dropLast() }
        if text.isEmpty { return [] }
        return text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Array($0) }
    }
}
