/// The compliance checker (RFC 2704 section 5.2) as the reference runs it: a
/// depth-first search from every trusted `POLICY` assertion.
///
/// For each assertion reached: evaluate its Conditions; if the value is above
/// the minimum, evaluate the assertions that its licensees authored (skipping
/// those already on the current path, which breaks cycles); combine the values
/// of the licensees (an action authorizer is worth the highest value, any
/// other principal the best value of the finished assertions it authored);
/// keep the lower of Conditions and Licensees; and for an untrusted assertion,
/// require a valid signature by its Authorizer's key. The answer is the best
/// value of the POLICY assertions.
///
/// An object used for one query: the search's closures (over the assertions
/// a licensee authored, over the licensees' values) refer to it instead of
/// copying its state, which would count a reference for every array it holds.
/// Its state is private and one query runs on one thread, so accesses to it
/// are not checked for exclusivity at run time (the check costs more than the
/// rest of the search for a typical query).
final class ComplianceChecker {
    private enum Visit { case untouched, inProgress, done }

    /// Where the search stands with one assertion, and its value once done.
    private struct Progress {
        var visit = Visit.untouched
        var result = 0
    }

    /// What one assertion's Signature and Licensees fields read for this query.
    private struct Reading {
        /// The signature value; nil without one or when it cannot be read.
        let signature: [UInt8]?
        /// The Licensees principals; nil when they cannot be read.
        let keylist: [Licensee]?
    }

    private let entries: [KeyNoteSession.Entry]
    private let environment: QueryEnvironment
    private let authorizers: [Principal]
    private let limits: KeyNoteLimits
    /// What is left of the query's work budget; evaluators take it and give it back.
    @exclusivity(unchecked)
    private var budget: QueryBudget
    private let highest: Int

    /// One per assertion; plain values, so a buffer of the checker's own.
    private let progress: UnsafeMutableBufferPointer<Progress>
    @exclusivity(unchecked)
    private var principals: [Principal]
    @exclusivity(unchecked)
    private var readings: [Reading]
    @exclusivity(unchecked)
    private var authors = AuthorIndex(principals: [])
    @exclusivity(unchecked)
    private var failures: [Int: AssertionDiagnostic] = [:]
    /// Signature verifications performed (answers cached in an ``Assertion`` do not count).
    @exclusivity(unchecked)
    private(set) var signatureVerifications = 0

    /// Reads the Authorizer, Signature and Licensees principals of every
    /// assertion for this query's attributes.
    ///
    /// - Throws: ``KeyNoteError/Code-swift.struct/queryFailed`` when an
    ///   Authorizer cannot be parsed or decoded: the reference fails the whole
    ///   query then, whichever assertion it is.
    init(entries: [KeyNoteSession.Entry], environment: QueryEnvironment, authorizers: [Principal],
         limits: KeyNoteLimits) throws(KeyNoteError) {
        self.entries = entries
        self.environment = environment
        self.authorizers = authorizers
        self.limits = limits
        self.budget = QueryBudget(steps: limits.maxQuerySteps)
        self.highest = environment.values.count - 1
        progress = .allocate(capacity: entries.count)
        progress.initialize(repeating: Progress())
        principals = []
        readings = []
        principals.reserveCapacity(entries.count)
        readings.reserveCapacity(entries.count)

        for (index, entry) in entries.enumerated() {
            let assertion = entry.assertion
            let principal: Principal
            do {
                if let fixed = assertion.fixedAuthorizer {
                    principal = try fixed.get()
                } else {
                    principal = try Principal.decode(try evaluate(assertion, assertion.authorizer.get()))
                }
            } catch {
                throw KeyNoteError(.queryFailed, "Authorizer: \(error.reason)", at: error.location, assertion: index)
            }
            principals.append(principal)

            let signature: [UInt8]?
            switch assertion.fixedSignature ?? assertion.signature.map({ result in
                Result { () throws(KeyNoteError) in try self.evaluate(assertion, result.get()) }
            }) {
            case .none:
                signature = nil
            case .some(.success(let value)):
                signature = value
            case .some(.failure(let error)):
                signature = nil
                failures[index] = AssertionDiagnostic(assertion: index, kind: .syntax, error: error)
            }

            let keylist: [Licensee]?
            if let fixed = assertion.fixedLicensees {
                keylist = try? fixed.get()
            } else {
                keylist = try? record(assertion)
            }
            readings.append(Reading(signature: signature, keylist: keylist))
        }
        authors = AuthorIndex(principals: principals)
    }

    deinit {
        progress.deallocate()
    }

    private func evaluate(_ assertion: Assertion, _ root: Int32) throws(KeyNoteError) -> [UInt8] {
        var evaluator = evaluator(for: assertion)
        let value = try evaluator.string(root)
        budget = evaluator.budget
        return evaluator.bytes(of: value ?? .empty)
    }

    /// An evaluator for `assertion` in this query, holding the rest of the budget.
    private func evaluator(for assertion: Assertion) -> ExpressionEvaluator {
        ExpressionEvaluator(program: assertion.program, query: environment,
                            budget: budget, limits: limits)
    }

    /// The Licensees principals of an assertion that reads attributes.
    private func record(_ assertion: Assertion) throws(KeyNoteError) -> [Licensee] {
        guard case .some(.success(.some(let root))) = assertion.licensees else { return [] }
        var list: [Licensee] = []
        for item in assertion.program.principals(of: root) {
            let text = try evaluate(assertion, item)
            list.append(Licensee(text: text, principal: try Principal.decode(text)))
        }
        return list
    }

    /// Assertions that failed while the query ran.
    var diagnostics: [AssertionDiagnostic] {
        failures.keys.sorted().compactMap { failures[$0] }
    }

    /// Runs the query: the best value of the POLICY assertions.
    func run() throws(KeyNoteError) -> Int {
        var best = 0
        for index in entries.indices where entries[index].trusted && principals[index] == .policy {
            best = max(best, try visit(index, depth: 0))
            if best == highest { break }
        }
        return best
    }

    private func visit(_ index: Int, depth: Int) throws(KeyNoteError) -> Int {
        guard depth <= limits.maxDelegationDepth else {
            throw KeyNoteError(.limitExceeded, "delegation chain longer than \(limits.maxDelegationDepth) assertions")
        }
        try budget.spend()
        progress[index].visit = .inProgress
        let assertion = entries[index].assertion
        // One evaluator serves Conditions and Licensees: a program leaves it
        // as new (no error raised, not skipping, no groups).
        var evaluator = evaluator(for: assertion)

        var value = highest
        if let conditions = assertion.conditions {
            switch conditions {
            case .failure(let error):
                failures[index] = AssertionDiagnostic(assertion: index, kind: .syntax, error: error)
                value = 0
            case .success(let root):
                value = try evaluator.program(root)
                budget = evaluator.budget
            }
        }
        if value == 0 {
            return finish(index, 0)
        }

        if let keylist = readings[index].keylist {
            try keylist.withUnsafeBufferPointer { (keylist) throws(KeyNoteError) in
                for position in keylist.indices.reversed() where !isActionAuthorizer(keylist[position].principal) {
                    try authors.forEachAssertion(by: keylist[position].principal) { (child) throws(KeyNoteError) -> Bool in
                        if progress[child].visit == .untouched {
                            _ = try visit(child, depth: depth + 1)
                        }
                        return true
                    }
                }
            }
        }

        let licenseesValue: Int
        switch assertion.licensees {
        case .none:
            licenseesValue = highest
        case .some(.failure(let error)):
            failures[index] = AssertionDiagnostic(assertion: index, kind: .syntax, error: error)
            licenseesValue = 0
        case .some(.success(.none)):
            licenseesValue = 0
        case .some(.success(.some(let root))):
            let keylist = readings[index].keylist
            evaluator.budget = budget
            licenseesValue = try evaluator.licensees(root) { (evaluator, position, text) throws(KeyNoteError) in
                self.value(ofPrincipalAt: position, text: text, keylist: keylist, evaluator: evaluator)
            }
            budget = evaluator.budget
        }
        value = min(value, licenseesValue)

        if !entries[index].trusted {
            let valid: Bool
            if let signature = readings[index].signature {
                let cacheable = assertion.fixedAuthorizer != nil && assertion.fixedSignature != nil
                let outcome = principals.withUnsafeBufferPointer { principals in
                    assertion.verify(signature: signature, by: principals[index], cacheable: cacheable)
                }
                valid = outcome.valid
                if outcome.performed { signatureVerifications += 1 }
            } else {
                valid = false
            }
            if !valid {
                if failures.isEmpty || failures[index] == nil {
                    failures[index] = AssertionDiagnostic(assertion: index, kind: .signature, error: nil)
                }
                value = 0
            }
        }
        return finish(index, value)
    }

    /// Whether `principal` is one of the action authorizers.
    private func isActionAuthorizer(_ principal: borrowing Principal) -> Bool {
        authorizers.withUnsafeBufferPointer { authorizers in
            for position in authorizers.indices where authorizers[position] == principal { return true }
            return false
        }
    }

    private func finish(_ index: Int, _ value: Int) -> Int {
        progress[index] = Progress(visit: .done, result: value)
        return value
    }

    /// The value of one licensee, the principal at `position` in its
    /// assertion's Licensees field: the highest if it is an action
    /// authorizer, else the best value of the finished assertions it authored.
    private func value(ofPrincipalAt position: Int, text: StringValue, keylist: [Licensee]?,
                       evaluator: borrowing ExpressionEvaluator) -> Int {
        var best = 0
        func collect(_ principal: borrowing Principal) {
            authors.forEachAssertion(by: principal) { child in
                guard progress[child].visit == .done else { return true }
                best = max(best, progress[child].result)
                return best != highest
            }
        }
        if let keylist, position < keylist.count {
            let isAuthorizer = keylist.withUnsafeBufferPointer { keylist in
                if isActionAuthorizer(keylist[position].principal) { return true }
                collect(keylist[position].principal)
                return false
            }
            return isAuthorizer ? highest : best
        }
        collect(.opaque(evaluator.bytes(of: text)))
        return best
    }
}
