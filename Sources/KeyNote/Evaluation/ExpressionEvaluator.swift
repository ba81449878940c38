import Glibc

/// Evaluates the expressions of one assertion with the reference's semantics
/// (RFC 2704 section 4.6.5, and keynote(3) where the RFC is silent):
///
/// - Integers are 32-bit and wrap on overflow; `@s` reads `s` as
///   `(int) floor(atof(s))` when `s` is digits with at most one `.`, else as 0.
/// - Floats are doubles; `&s` reads `s` the same way.
/// - String comparison is byte order (`strcmp`).
/// - Division or modulo by zero, a float division by zero, an integer
///   `INT_MIN / -1` or `INT_MIN % -1` (undefined in C; we define it), and a
///   pattern that does not compile are run-time errors: the error flag is raised
///   and the clause that contains it evaluates to false.
/// - `&&` and `||` short-circuit: while the right side of a decided `&&`/`||`
///   is evaluated, string operations yield nothing and raise no errors. As in the
///   reference, the flag is cleared (not restored) when the operator completes.
///
/// Names are looked up in the reference's order (RFC 2704 section 5.1): the
/// special names `_MIN_TRUST`, `_MAX_TRUST`, `_VALUES`, `_ACTION_AUTHORIZERS`;
/// then the groups `_0`, `_1`, ... of the last successful `~=` in the clause;
/// then the assertion's Local-Constants; then the action attributes. A name
/// found nowhere reads as the empty string.
///
/// The evaluator reads the program and the attributes through pointers; the
/// caller keeps both alive while it runs.
struct ExpressionEvaluator {
    private let program: ExpressionProgram
    private let nodes: UnsafeBufferPointer<ExpressionNode>
    private let lists: UnsafeBufferPointer<Int32>
    private let programBytes: UnsafeBufferPointer<UInt8>
    /// The query, or a ``QueryEnvironment/standalone()`` one when an
    /// assertion is read outside a query (signing, signature verification,
    /// finding its fixed fields).
    private let query: QueryEnvironment
    private let attributes: AttributeTable.View
    var budget: QueryBudget
    private let limits: KeyNoteLimits
    /// The index of the highest compliance value (0 outside a query).
    private let highest: Int

    private(set) var raised = false
    private var skipping = false
    /// Whether a lookup reached the session (so the value can change between queries).
    private(set) var readSession = false

    init(program: ExpressionProgram, query: QueryEnvironment,
         budget: QueryBudget, limits: KeyNoteLimits) {
        self.program = program
        self.nodes = program.nodes
        self.lists = program.lists
        self.programBytes = program.bytes
        self.query = query
        self.attributes = query.attributes
        self.budget = budget
        self.limits = limits
        self.highest = max(query.values.count - 1, 0)
    }

    /// Strings built while evaluating, emptied when a clause ends (the
    /// query's, shared by its evaluators: no value lives across assertions).
    private var scratch: ScratchSpace {
        _read { yield query.scratch }
        nonmutating _modify { yield &query.scratch }
    }

    /// Groups of the last `~=` match in the clause: `_0` … `_31` (the query's).
    private var groups: MatchGroups {
        _read { yield query.groups }
        nonmutating _modify { yield &query.groups }
    }

    // MARK: Bytes

    /// The bytes of `value`; valid until the scratch space grows.
    @inline(__always)
    private func buffer(_ value: StringValue) -> UnsafeBufferPointer<UInt8> {
        let start = Int(value.start)
        let count = Int(value.count)
        switch value.space {
        case .program:
            return UnsafeBufferPointer(rebasing: programBytes[start..<start + count])
        case .attributes:
            return UnsafeBufferPointer(rebasing: attributes.bytes[start..<start + count])
        case .scratch:
            return scratch.bytes(start, count)
        case .environment:
            return query.specials.bytes(start, count)
        }
    }

    /// The bytes of `value`, copied.
    func bytes(of value: StringValue) -> [UInt8] {
        Array(buffer(value))
    }

    /// Appends the bytes of `value` to the scratch space.
    private func appendToScratch(_ value: StringValue) {
        if value.space == .scratch {
            scratch.appendOwn(Int(value.start), Int(value.count))
        } else {
            scratch.append(buffer(value))
        }
    }

    /// Empties the scratch space and the groups: nothing refers to them once a clause is done.
    private mutating func endClause() {
        if !groups.isEmpty { groups.removeAll() }
        scratch.removeAll()
    }

    // MARK: Names

    /// The value of the name a node reads. Local-Constants were resolved
    /// when the assertion was parsed, so an ordinary name is an action attribute.
    private mutating func lookup(attribute node: ExpressionNode) -> StringValue? {
        let nameClass = ExpressionNode.NameClass(rawValue: node.op) ?? .reserved
        guard nameClass == .ordinary else { return lookup(special: nameClass, group: Int(node.c)) }
        readSession = true
        let name = UnsafeBufferPointer(rebasing: programBytes[Int(node.a)..<Int(node.a + node.b)])
        return attributes.value(of: name).map(Self.attribute)
    }

    /// The value of a name computed at run time (`$ e`).
    private mutating func lookup(dynamic name: StringValue) -> StringValue? {
        let bytes = buffer(name)
        let (nameClass, group) = ExpressionNode.NameClass.of(bytes)
        guard nameClass == .ordinary else { return lookup(special: nameClass, group: Int(group)) }
        if let constant = constant(named: bytes) { return constant }
        readSession = true
        return attributes.value(of: bytes).map(Self.attribute)
    }

    /// The value of a name that starts with `_`: a special attribute, a group
    /// of the last match, or nothing.
    private mutating func lookup(special nameClass: ExpressionNode.NameClass, group: Int) -> StringValue? {
        switch nameClass {
        case .group where group < groups.count:
            return groups[group]
        case .minTrust, .maxTrust, .values, .actionAuthorizers:
            readSession = true
            return query.special(nameClass)
        case .ordinary, .group, .reserved:
            readSession = true
            return nil
        }
    }

    private static func attribute(_ range: Range<Int32>) -> StringValue {
        StringValue(space: .attributes, start: range.lowerBound, count: range.upperBound - range.lowerBound)
    }

    /// The value of the Local-Constant `name`, if the assertion has one.
    private func constant(named name: UnsafeBufferPointer<UInt8>) -> StringValue? {
        program.constant(named: name).map {
            StringValue(space: .program, start: Int32($0.lowerBound), count: Int32($0.count))
        }
    }

    // MARK: Strings

    /// The value of a string expression; nil while skipping or after a run-time error.
    mutating func string(_ index: Int32) throws(KeyNoteError) -> StringValue? {
        try budget.spend()
        let node = nodes[Int(index)]
        switch node.kind {
        case .literal:
            return raised || skipping ? nil : StringValue(space: .program, start: node.a, count: node.b)
        case .attribute:
            if raised || skipping { return nil }
            return lookup(attribute: node) ?? .empty
        case .dereference:
            let name = try string(node.a)
            if raised || skipping { return nil }
            return lookup(dynamic: name ?? .empty) ?? .empty
        case .concatenation:
            return try concatenation(node)
        default:
            throw KeyNoteError(.queryFailed, "internal error: node \(index) is not a string expression")
        }
    }

    private mutating func concatenation(_ node: ExpressionNode) throws(KeyNoteError) -> StringValue? {
        let first = Int(node.a)
        let parts = lists[first..<first + Int(node.b)]
        var result = try string(parts[first])
        var built: StringValue? = nil
        for part in parts.dropFirst() {
            let right = try string(part)
            if raised || skipping {
                result = nil
                built = nil
                continue
            }
            let left = result ?? .empty
            let total = Int(left.count) + Int((right ?? .empty).count)
            guard total <= limits.maxStringBytes else {
                throw KeyNoteError(.limitExceeded, "a concatenation built a string of \(total) bytes, more than \(limits.maxStringBytes)")
            }
            // The running result is kept at the end of the scratch space, so
            // that the next part extends it in place.
            if let current = built, Int(current.start + current.count) == scratch.count {
                try reserveScratch(total - Int(current.count))
            } else {
                try reserveScratch(total)
                let start = Int32(scratch.count)
                appendToScratch(left)
                built = StringValue(space: .scratch, start: start, count: left.count)
            }
            if let right { appendToScratch(right) }
            built?.count = Int32(total)
            result = built
        }
        return result
    }

    /// Fails when the strings built in one clause would pass ``KeyNoteLimits/maxScratchBytes``.
    private func reserveScratch(_ count: Int) throws(KeyNoteError) {
        // Offsets into the scratch space are 32-bit.
        guard scratch.count + count <= min(limits.maxScratchBytes, Int(Int32.max)) else {
            throw KeyNoteError(.limitExceeded, "the strings built in one clause take more than \(limits.maxScratchBytes) bytes")
        }
    }

    // MARK: Numbers

    mutating func integer(_ index: Int32) throws(KeyNoteError) -> Int32 {
        try budget.spend()
        let node = nodes[Int(index)]
        switch node.kind {
        case .integerLiteral:
            return node.a
        case .integerNegate:
            return 0 &- (try integer(node.a))
        case .integerFromString:
            return try number(readFrom: node.a).map(CText.floorToInt32) ?? 0
        case .integerChain:
            var x = try integer(lists[Int(node.a)])
            for pair in 0..<Int(node.b) {
                let (op, operand) = link(pair, ofChainAt: Int(node.a))
                let y = try integer(operand)
                switch op {
                case .add: x = x &+ y
                case .subtract: x = x &- y
                case .multiply: x = x &* y
                case .power: x = Self.power(x, y)
                case .divide, .modulo:
                    if y == 0 || (x == Int32.min && y == -1) {
                        if !skipping { raised = true }
                    } else {
                        x = op == .divide ? x / y : x % y
                    }
                }
            }
            return x
        default:
            throw KeyNoteError(.queryFailed, "internal error: node \(index) is not an integer expression")
        }
    }

    /// What `@ s` and `& s` read: `s` as a double when it is digits with at
    /// most one `.`; nil otherwise, and while skipping or after an error.
    private mutating func number(readFrom operand: Int32) throws(KeyNoteError) -> Double? {
        let text = try string(operand)
        if raised || skipping { return nil }
        guard let text else { return nil }
        let bytes = buffer(text)
        return CText.isFloatString(bytes) ? CText.atof(bytes) : nil
    }

    /// The operator and operand of link `pair` of the arithmetic chain whose
    /// list starts at `first` (the head, then operator and operand pairs).
    private func link(_ pair: Int, ofChainAt first: Int) -> (ExpressionNode.Arithmetic, Int32) {
        let op = ExpressionNode.Arithmetic(rawValue: UInt8(truncatingIfNeeded: lists[first + 1 + 2 * pair])) ?? .add
        return (op, lists[first + 2 + 2 * pair])
    }

    /// Integer power by squaring with wrapping multiplication; a negative
    /// exponent gives 0, as in the reference.
    static func power(_ base: Int32, _ exponent: Int32) -> Int32 {
        guard exponent >= 0 else { return 0 }
        var result: Int32 = 1
        var x = base
        var y = exponent
        while y != 0 {
            if y & 1 != 0 { result = result &* x }
            y >>= 1
            x = x &* x
        }
        return result
    }

    mutating func float(_ index: Int32) throws(KeyNoteError) -> Double {
        try budget.spend()
        let node = nodes[Int(index)]
        switch node.kind {
        case .floatLiteral:
            return Double(bitPattern: UInt64(UInt32(bitPattern: node.a)) << 32 | UInt64(UInt32(bitPattern: node.b)))
        case .floatNegate:
            return -(try float(node.a))
        case .floatFromString:
            return try number(readFrom: node.a) ?? 0
        case .floatChain:
            var x = try float(lists[Int(node.a)])
            for pair in 0..<Int(node.b) {
                let (op, operand) = link(pair, ofChainAt: Int(node.a))
                let y = try float(operand)
                switch op {
                case .add: x = x + y
                case .subtract: x = x - y
                case .multiply: x = x * y
                case .divide, .modulo:
                    if y == 0 {
                        if !skipping { raised = true }
                    } else {
                        x = x / y
                    }
                case .power:
                    if !raised, !skipping { x = Glibc.pow(x, y) }
                }
            }
            return x
        default:
            throw KeyNoteError(.queryFailed, "internal error: node \(index) is not a float expression")
        }
    }

    // MARK: Tests

    mutating func test(_ index: Int32) throws(KeyNoteError) -> Bool {
        try budget.spend()
        let node = nodes[Int(index)]
        switch node.kind {
        case .constant:
            return node.a != 0
        case .and:
            let first = Int(node.a)
            var left = try test(lists[first])
            for position in first + 1..<first + Int(node.b) {
                if !left { skipping = true }
                let right = try test(lists[position])
                skipping = false
                left = left && right
            }
            return left
        case .or:
            let first = Int(node.a)
            var left = try test(lists[first])
            for position in first + 1..<first + Int(node.b) {
                if left { skipping = true }
                let right = try test(lists[position])
                skipping = false
                left = left || right
            }
            return left
        case .not:
            return !(try test(node.a))
        case .compareIntegers:
            let x = try integer(node.a)
            let y = try integer(node.b)
            return Self.compare(node.op, x < y ? -1 : (x == y ? 0 : 1))
        case .compareFloats:
            let x = try float(node.a)
            let y = try float(node.b)
            switch ExpressionNode.Comparison(rawValue: node.op) ?? .equal {
            case .less: return x < y
            case .greater: return x > y
            case .lessOrEqual: return x <= y
            case .greaterOrEqual: return x >= y
            case .equal: return x == y
            case .notEqual: return x != y
            }
        case .compareStrings:
            let x = try string(node.a)
            let y = try string(node.b)
            if raised || skipping { return false }
            return Self.compare(node.op, CText.compare(buffer(x ?? .empty), buffer(y ?? .empty)))
        case .matches:
            let subject = try string(node.a)
            let pattern = try string(node.b)
            if raised || skipping { return false }
            return try match(subject ?? .empty, pattern ?? .empty, slot: Int(node.c))
        default:
            throw KeyNoteError(.queryFailed, "internal error: node \(index) is not a test")
        }
    }

    private static func compare(_ op: UInt8, _ order: Int) -> Bool {
        switch ExpressionNode.Comparison(rawValue: op) ?? .equal {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .greater: return order > 0
        case .lessOrEqual: return order <= 0
        case .greaterOrEqual: return order >= 0
        }
    }

    /// `subject ~= pattern`. A pattern that does not compile raises the
    /// run-time error (the reference's value of such a test is nonzero, but
    /// its clause is false). On a match the groups become what libkeynote
    /// (keynote.y 1.19, the `~=` rule) sets:
    ///
    /// - `_0`: the number of groups in the pattern (`re_nsub`) in decimal —
    ///   not the matched text, and not the number of groups that took part;
    /// - `_1`, `_2`, …: the text of each group, starting at 1 and stopping
    ///   before the first group that did not take part, and after group 31
    ///   (libkeynote passes 32 `regmatch_t` to `regexec`). A group that
    ///   matched the empty string gives an empty value; a group after a
    ///   non-participating one is not set even if it matched (`(a)|(b)` on
    ///   `b` sets only `_0` = `2`).
    private mutating func match(_ subject: StringValue, _ pattern: StringValue, slot: Int) throws(KeyNoteError) -> Bool {
        try budget.spend(Int(subject.count) + Int(pattern.count))
        let compiled: POSIXRegex
        // `_0` read from the program, for a pattern compiled with it.
        var groupCountText: Range<Int32>? = nil
        do {
            if slot >= 0, slot < program.patterns.count, let known = program.patterns[slot], known.limits == limits.regex {
                compiled = known
                groupCountText = program.groupCountTexts[slot]
            } else {
                compiled = try PatternCache.regex(bytes(of: pattern), limits: limits.regex)
            }
        } catch let error where error.code == .compileFailed {
            raised = true
            return true
        } catch {
            throw KeyNoteError(.limitExceeded, "regular expression refused: \(error)")
        }
        groups.removeAll()
        // C strings: the C library sees the subject up to its first NUL.
        var matched = subject
        var bytes = buffer(subject)
        if let base = bytes.baseAddress, let nul = memchr(base, 0, bytes.count) {
            matched.count = Int32(base.distance(to: nul.assumingMemoryBound(to: UInt8.self)))
            bytes = UnsafeBufferPointer(rebasing: bytes[..<Int(matched.count)])
        }
        let query = query
        let outcome = Result { () throws(RegexError) -> Bool in
            try compiled.match(bytes) { offsets in
                // `_0` first; its value is set once the match is done.
                query.groups.append(.empty)
                var group = 1
                while group < min(offsets.count, MatchGroups.capacity) {
                    let start = Int(offsets[group].rm_so)
                    let end = Int(offsets[group].rm_eo)
                    guard start >= 0, end >= start, end <= bytes.count else { break }
                    query.groups.append(StringValue(space: matched.space, start: matched.start + Int32(start),
                                                    count: Int32(end - start)))
                    group += 1
                }
            }
        }
        let isMatch: Bool
        do {
            isMatch = try outcome.get()
        } catch {
            throw KeyNoteError(.limitExceeded, "regular expression refused: \(error)")
        }
        guard isMatch else { return false }
        // `_0` is the number of groups in the pattern, in decimal.
        if let text = groupCountText {
            groups.setFirst(StringValue(space: .program, start: text.lowerBound, count: Int32(text.count)))
        } else {
            let start = Int32(scratch.count)
            scratch.appendDecimal(compiled.numberOfGroups)
            groups.setFirst(StringValue(space: .scratch, start: start, count: Int32(scratch.count) - start))
        }
        return true
    }

    // MARK: Programs

    /// Clears the run-time error flag, reporting whether a test survives it.
    private mutating func survives(_ value: Bool) -> Bool {
        if raised {
            raised = false
            return false
        }
        return value
    }

    /// The value of a Conditions program (a ``ExpressionNode/Kind/clauses``
    /// node): the highest value of its clauses.
    mutating func program(_ index: Int32) throws(KeyNoteError) -> Int {
        let node = nodes[Int(index)]
        var result = 0
        for position in Int(node.a)..<Int(node.a + node.b) {
            let clause = nodes[Int(lists[position])]
            let passed = try test(clause.a)
            let outcome: Int
            switch ExpressionNode.Outcome(rawValue: clause.op) ?? .highest {
            case .highest:
                outcome = highest
            case .value:
                let name = try string(clause.b)
                if raised || skipping {
                    outcome = 0
                } else {
                    outcome = query.valueIndex(of: buffer(name ?? .empty)) ?? 0
                }
            case .block:
                outcome = try program(clause.b)
            }
            let value = survives(passed) ? outcome : 0
            endClause()
            result = max(result, value)
        }
        return result
    }

    // MARK: Licensees

    /// The value of a Licensees expression, given the value of each
    /// principal by its position among the field's principals and its text.
    mutating func licensees(_ index: Int32,
                            principal: (inout ExpressionEvaluator, Int, StringValue) throws(KeyNoteError) -> Int) throws(KeyNoteError) -> Int {
        try budget.spend()
        let node = nodes[Int(index)]
        switch node.kind {
        case .principal:
            let text = try string(node.a)
            if skipping { return 0 }
            let value = try principal(&self, Int(node.b), text ?? .empty)
            scratch.removeAll()
            return value
        case .licenseesAnd:
            let first = Int(node.a)
            var left = try licensees(lists[first], principal: principal)
            for position in first + 1..<first + Int(node.b) {
                if left == 0 { skipping = true }
                let right = try licensees(lists[position], principal: principal)
                skipping = false
                left = min(left, right)
            }
            return left
        case .licenseesOr:
            let first = Int(node.a)
            var left = try licensees(lists[first], principal: principal)
            for position in first + 1..<first + Int(node.b) {
                if left == highest { skipping = true }
                let right = try licensees(lists[position], principal: principal)
                skipping = false
                left = max(left, right)
            }
            return left
        case .threshold:
            if skipping { return 0 }
            var counts = [Int](filledWith: 0, count: query.values.count)
            let first = Int(node.a)
            for position in (first..<first + Int(node.b)).reversed() {
                let item = nodes[Int(lists[position])]
                let text = try string(item.a)
                let value = try principal(&self, Int(item.b), text ?? .empty)
                scratch.removeAll()
                if value >= 0, value < counts.count { counts[value] += 1 }
            }
            var needed = Int(node.c)
            var index = counts.count - 1
            while index >= 0 {
                needed -= counts[index]
                if needed <= 0 { return index }
                index -= 1
            }
            return 0
        default:
            throw KeyNoteError(.queryFailed, "internal error: node \(index) is not a Licensees expression")
        }
    }
}
