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
/// Principals are compared once per query: the authors are numbered
/// (``SearchSlot``), each licensee gets the number of its author (or marks
/// an action authorizer) when its assertion is first reached, and the search
/// then follows numbers. Fields that do not depend on the action attributes
/// are read in place from the ``Assertion``; only the others are evaluated
/// and kept for the query.
///
/// An object used for one query: the search's closures (over the assertions
/// a licensee authored, over the licensees' values) refer to it instead of
/// copying its state, which would count a reference for every array it holds.
/// Its state is private and one query runs on one thread, so accesses to it
/// are not checked for exclusivity at run time (the check costs more than the
/// rest of the search for a typical query).
final class ComplianceChecker {
    /// What the Authorizer, Signature and Licensees fields of an assertion
    /// whose fields depend on the action attributes read for this query.
    private struct Reading {
        /// The Authorizer's principal, when it depends on the attributes.
        var authorizer: Principal?
        /// The signature value, when it depends on the attributes; nil when it cannot be read.
        var signature: [UInt8]?
        /// The Licensees principals, when they depend on the attributes; nil when they cannot be read.
        var keylist: [Licensee]?
    }

    /// Up to this many assertions, principals are numbered by comparing them
    /// with each author; a larger session hashes them once.
    private static let scanLimit = 16

    private let entries: [KeyNoteSession.Entry]
    private let environment: QueryEnvironment
    private let authorizers: [Principal]
    private let limits: KeyNoteLimits
    /// What is left of the query's work budget; evaluators take it and give it back.
    @exclusivity(unchecked)
    private var budget: QueryBudget
    private let highest: Int

    /// One slot per assertion, then the licensee codes of every assertion
    /// (``SearchSlot/codesStart``); one allocation of plain numbers.
    private let slots: UnsafeMutableBufferPointer<SearchSlot>
    private let codes: UnsafeMutableBufferPointer<Int32>
    private let storage: UnsafeMutablePointer<Int32>
    /// The fields that depend on the action attributes, by assertion.
    @exclusivity(unchecked)
    private var readings: [Int: Reading] = [:]
    /// Author numbers by principal, for sessions above ``scanLimit``.
    @exclusivity(unchecked)
    private var authorNumbers: [Principal: Int32] = [:]
    @exclusivity(unchecked)
    private var failures: [Int: AssertionDiagnostic] = [:]
    /// Signature verifications performed (answers cached in an ``Assertion`` do not count).
    @exclusivity(unchecked)
    private(set) var signatureVerifications = 0

    /// Reads the Authorizer, Signature and Licensees principals of every
    /// assertion for this query's attributes, and numbers the authors.
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

        var readings: [Int: Reading] = [:]
        for (index, entry) in entries.enumerated() {
            let assertion = entry.assertion
            var reading = Reading()
            var dependent = false
            switch assertion.fixedAuthorizer {
            case .some(.success):
                break
            case .some(.failure(let error)):
                throw KeyNoteError(.queryFailed, "Authorizer: \(error.reason)", at: error.location, assertion: index)
            case .none:
                do {
                    reading.authorizer = try Principal.decode(try Self.evaluate(assertion, assertion.authorizer.get(),
                                                                                environment: environment, budget: &budget,
                                                                                limits: limits))
                } catch {
                    throw KeyNoteError(.queryFailed, "Authorizer: \(error.reason)", at: error.location, assertion: index)
                }
                dependent = true
            }

            switch assertion.fixedSignature {
            case .some(.success):
                break
            case .some(.failure(let error)):
                failures[index] = AssertionDiagnostic(assertion: index, kind: .syntax, error: error)
            case .none:
                if let signature = assertion.signature {
                    dependent = true
                    do {
                        reading.signature = try Self.evaluate(assertion, signature.get(), environment: environment,
                                                              budget: &budget, limits: limits)
                    } catch {
                        failures[index] = AssertionDiagnostic(assertion: index, kind: .syntax, error: error)
                    }
                }
            }

            if assertion.fixedLicensees == nil {
                dependent = true
                reading.keylist = try? Self.record(assertion, environment: environment, budget: &budget, limits: limits)
            }
            if dependent { readings[index] = reading }
        }
        self.readings = readings

        // Every licensee that can be read gets a code when its assertion is reached.
        var codeCount = 0
        for index in entries.indices {
            codeCount += Self.keylistCount(entries[index].assertion, readings[index])
        }
        // One allocation: the slots, then the codes (4-byte aligned after slots of 4-byte fields).
        let slotWords = entries.count * MemoryLayout<SearchSlot>.stride / MemoryLayout<Int32>.stride
        storage = PlainMemory.allocate(Int32.self, capacity: slotWords + codeCount)
        slots = UnsafeMutableBufferPointer(start: UnsafeMutableRawPointer(storage).bindMemory(to: SearchSlot.self,
                                                                                              capacity: entries.count),
                                           count: entries.count)
        codes = UnsafeMutableBufferPointer(start: storage + slotWords, count: codeCount)
        var nextCode: Int32 = 0
        for index in entries.indices {
            let count = Self.keylistCount(entries[index].assertion, readings[index])
            slots.initializeElement(at: index, to: SearchSlot(author: Int32(index), codesStart: nextCode))
            nextCode += Int32(count)
        }
        for index in entries.indices {
            number(index)
        }
    }

    /// How many principals the Licensees of an assertion list; 0 when they cannot be read.
    private static func keylistCount(_ assertion: Assertion, _ reading: Reading?) -> Int {
        switch assertion.fixedLicensees {
        case .some(.success(let list)): return list.count
        case .some(.failure): return 0
        case .none: return reading?.keylist?.count ?? 0
        }
    }

    deinit {
        PlainMemory.free(storage)
    }

    // MARK: Fields

    /// Calls `body` with the Authorizer principal of assertion `index`.
    @inline(__always)
    private func withAuthorizer<Result>(of index: Int, _ body: (borrowing Principal) -> Result) -> Result {
        if case .success(let principal)? = entries[index].assertion.fixedAuthorizer {
            return body(principal)
        }
        // An Authorizer that depends on the attributes was read in `init` (or the query failed).
        return body(readings[index]?.authorizer ?? .opaque([]))
    }

    /// Calls `body` with the Licensees principals of assertion `index`; nil
    /// when they cannot be read.
    @inline(__always)
    private func withKeylist<Result>(of index: Int, _ body: (UnsafeBufferPointer<Licensee>?) throws(KeyNoteError) -> Result) throws(KeyNoteError) -> Result {
        switch entries[index].assertion.fixedLicensees {
        case .some(.success(let list)):
            let outcome = list.withUnsafeBufferPointer { list in Swift.Result { () throws(KeyNoteError) in try body(list) } }
            return try outcome.get()
        case .some(.failure):
            return try body(nil)
        case .none:
            guard let keylist = readings[index]?.keylist else { return try body(nil) }
            let outcome = keylist.withUnsafeBufferPointer { list in Swift.Result { () throws(KeyNoteError) in try body(list) } }
            return try outcome.get()
        }
    }

    /// The value of the string expression `root` of `assertion` for this query.
    private static func evaluate(_ assertion: Assertion, _ root: Int32, environment: QueryEnvironment,
                                 budget: inout QueryBudget, limits: KeyNoteLimits) throws(KeyNoteError) -> [UInt8] {
        var evaluator = ExpressionEvaluator(program: assertion.program, query: environment, budget: budget, limits: limits)
        let value = try evaluator.string(root)
        budget = evaluator.budget
        return evaluator.bytes(of: value ?? .empty)
    }

    /// The Licensees principals of an assertion that reads attributes.
    private static func record(_ assertion: Assertion, environment: QueryEnvironment,
                               budget: inout QueryBudget, limits: KeyNoteLimits) throws(KeyNoteError) -> [Licensee] {
        guard case .some(.success(.some(let root))) = assertion.licensees else { return [] }
        var list: [Licensee] = []
        _ = try assertion.program.forEachPrincipal(of: root) { (item) throws(KeyNoteError) -> Bool in
            let text = try evaluate(assertion, item, environment: environment, budget: &budget, limits: limits)
            list.append(Licensee(text: .built(text), principal: try Principal.decode(text)))
            return true
        }
        return list
    }

    // MARK: Numbers

    /// Gives assertion `index` its author number (the position of the first
    /// assertion with the same Authorizer), links it in front of that
    /// author's earlier assertions, and marks a trusted POLICY assertion.
    private func number(_ index: Int) {
        var author = Int32(index)
        let trusted = entries[index].trusted
        var isPolicy = false
        withAuthorizer(of: index) { principal in
            if entries.count > Self.scanLimit {
                if let known = authorNumbers[copy principal] {
                    author = known
                } else {
                    authorNumbers[copy principal] = author
                }
            } else if let known = scannedAuthorNumber(of: principal, before: index) {
                author = known
            }
            isPolicy = trusted && principal.isPolicy
        }
        slots[index].author = author
        slots[index].older = slots[Int(author)].newest
        slots[Int(author)].newest = Int32(index)
        slots[index].isPolicy = isPolicy
    }

    /// The author number of `principal` among the first `count` assertions,
    /// found by comparing it with each author; nil when none of them has it.
    private func scannedAuthorNumber(of principal: borrowing Principal, before count: Int) -> Int32? {
        var position = 0
        while position < count {
            if slots[position].author == Int32(position),
               withAuthorizer(of: position, { $0 == principal }) {
                return Int32(position)
            }
            position += 1
        }
        return nil
    }

    /// The author number of `principal`, or -1 when no assertion has it as its Authorizer.
    private func authorNumber(of principal: borrowing Principal) -> Int32 {
        if entries.count > Self.scanLimit {
            return authorNumbers[copy principal] ?? -1
        }
        return scannedAuthorNumber(of: principal, before: entries.count) ?? -1
    }

    /// The code of a licensee: ``SearchSlot/actionAuthorizer`` for an action
    /// authorizer, else its author number, or -1.
    private func code(of principal: borrowing Principal) -> Int32 {
        isActionAuthorizer(principal) ? SearchSlot.actionAuthorizer : authorNumber(of: principal)
    }

    /// Whether `principal` is one of the action authorizers.
    private func isActionAuthorizer(_ principal: borrowing Principal) -> Bool {
        authorizers.withUnsafeBufferPointer { authorizers in
            for position in authorizers.indices where authorizers[position] == principal { return true }
            return false
        }
    }

    /// Calls `body` with each assertion of author number `author`, most
    /// recent first, until it returns false.
    @inline(__always)
    private func forEachAssertion<Failure: Error>(of author: Int32, _ body: (Int) throws(Failure) -> Bool) throws(Failure) {
        guard author >= 0 else { return }
        var position = slots[Int(author)].newest
        while position >= 0 {
            guard try body(Int(position)) else { return }
            position = slots[Int(position)].older
        }
    }

    // MARK: Search

    /// Assertions that failed while the query ran.
    var diagnostics: [AssertionDiagnostic] {
        failures.isEmpty ? [] : failures.keys.sorted().compactMap { failures[$0] }
    }

    /// Runs the query: the best value of the POLICY assertions.
    func run() throws(KeyNoteError) -> Int {
        var best = 0
        for index in entries.indices where slots[index].isPolicy {
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
        slots[index].visit = .inProgress
        let assertion = entries[index].assertion
        // One evaluator serves Conditions and Licensees: a program leaves it
        // as new (no error raised, not skipping, no groups).
        var evaluator = ExpressionEvaluator(program: assertion.program, query: environment, budget: budget, limits: limits)

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

        let codesStart = Int(slots[index].codesStart)
        let codeCount = try withKeylist(of: index) { (keylist) throws(KeyNoteError) -> Int in
            guard let keylist else { return 0 }
            for position in keylist.indices {
                codes[codesStart + position] = code(of: keylist[position].principal)
            }
            for position in keylist.indices.reversed() where codes[codesStart + position] != SearchSlot.actionAuthorizer {
                try forEachAssertion(of: codes[codesStart + position]) { (child) throws(KeyNoteError) -> Bool in
                    if slots[child].visit == .untouched {
                        _ = try visit(child, depth: depth + 1)
                    }
                    return true
                }
            }
            return keylist.count
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
            evaluator.budget = budget
            licenseesValue = try evaluator.licensees(root) { (evaluator, position, text) throws(KeyNoteError) in
                self.value(ofPrincipalAt: position, text: text, codesStart: codesStart, codeCount: codeCount,
                           evaluator: evaluator)
            }
            budget = evaluator.budget
        }
        value = min(value, licenseesValue)

        if !entries[index].trusted {
            let valid = verify(index)
            if !valid {
                if failures.isEmpty || failures[index] == nil {
                    failures[index] = AssertionDiagnostic(assertion: index, kind: .signature, error: nil)
                }
                value = 0
            }
        }
        return finish(index, value)
    }

    /// Whether the signature of the untrusted assertion `index` is valid.
    private func verify(_ index: Int) -> Bool {
        let assertion = entries[index].assertion
        let outcome: (valid: Bool, performed: Bool)
        switch assertion.fixedSignature {
        case .some(.success(let signature)):
            let cacheable = assertion.fixedAuthorizer != nil
            outcome = withAuthorizer(of: index) { authorizer in
                signature.withBytes(in: assertion.program) {
                    assertion.verify(signature: $0, by: authorizer, cacheable: cacheable)
                }
            }
        case .some(.failure):
            return false
        case .none:
            guard let signature = readings[index]?.signature else { return false }
            outcome = withAuthorizer(of: index) { authorizer in
                signature.withUnsafeBufferPointer { assertion.verify(signature: $0, by: authorizer, cacheable: false) }
            }
        }
        if outcome.performed { signatureVerifications += 1 }
        return outcome.valid
    }

    private func finish(_ index: Int, _ value: Int) -> Int {
        slots[index].visit = .done
        slots[index].result = Int32(value)
        return value
    }

    /// The value of one licensee, the principal at `position` in its
    /// assertion's Licensees field: the highest if it is an action
    /// authorizer, else the best value of the finished assertions it authored.
    /// Its code is at `codesStart + position` when the field's principals
    /// could be read (`position < codeCount`); otherwise its text is the principal.
    private func value(ofPrincipalAt position: Int, text: StringValue, codesStart: Int, codeCount: Int,
                       evaluator: borrowing ExpressionEvaluator) -> Int {
        let author: Int32
        if position < codeCount {
            author = codes[codesStart + position]
            if author == SearchSlot.actionAuthorizer { return highest }
        } else {
            author = authorNumber(of: .opaque(evaluator.bytes(of: text)))
        }
        var best = 0
        forEachAssertion(of: author) { child in
            guard slots[child].visit == .done else { return true }
            best = max(best, Int(slots[child].result))
            return best != highest
        }
        return best
    }
}
