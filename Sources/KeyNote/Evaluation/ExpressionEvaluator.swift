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
struct ExpressionEvaluator {
    var scope: AttributeScope
    private(set) var raised = false
    private var skipping = false
    private let budget: QueryBudget
    private let limits: KeyNoteLimits
    /// The index of the highest compliance value (0 outside a query).
    private let highest: Int

    init(scope: AttributeScope, budget: QueryBudget, limits: KeyNoteLimits) {
        self.scope = scope
        self.budget = budget
        self.limits = limits
        self.highest = max((scope.query?.values.count ?? 0) - 1, 0)
    }

    // MARK: Strings

    /// The value of a string expression; nil while skipping or after a run-time error.
    mutating func string(_ expression: StringExpression) throws(KeyNoteError) -> [UInt8]? {
        try budget.spend()
        switch expression {
        case .literal(let bytes):
            return raised || skipping ? nil : bytes
        case .attribute(let name):
            if raised || skipping { return nil }
            return scope.lookup(name) ?? []
        case .dereference(let inner):
            let name = try string(inner)
            if raised || skipping { return nil }
            return scope.lookup(name ?? []) ?? []
        case .concatenation(let parts):
            var result = try string(parts[0])
            for part in parts.dropFirst() {
                let right = try string(part)
                if raised || skipping {
                    result = nil
                    continue
                }
                let total = (result?.count ?? 0) + (right?.count ?? 0)
                guard total <= limits.maxStringBytes else {
                    throw KeyNoteError(.limitExceeded, "a concatenation built a string of \(total) bytes, more than \(limits.maxStringBytes)")
                }
                result = (result ?? []) + (right ?? [])
            }
            return result
        }
    }

    // MARK: Numbers

    mutating func integer(_ expression: IntegerExpression) throws(KeyNoteError) -> Int32 {
        try budget.spend()
        switch expression {
        case .literal(let value):
            return value
        case .negate(let inner):
            return 0 &- (try integer(inner))
        case .fromString(let inner):
            let text = try string(inner)
            if raised || skipping { return 0 }
            guard let text, CText.isFloatString(text) else { return 0 }
            return CText.floorToInt32(CText.atof(text))
        case .chain(let head, let operations):
            var x = try integer(head)
            for (op, operand) in operations {
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
        }
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

    mutating func float(_ expression: FloatExpression) throws(KeyNoteError) -> Double {
        try budget.spend()
        switch expression {
        case .literal(let value):
            return value
        case .negate(let inner):
            return -(try float(inner))
        case .fromString(let inner):
            let text = try string(inner)
            if raised || skipping { return 0 }
            guard let text, CText.isFloatString(text) else { return 0 }
            return CText.atof(text)
        case .chain(let head, let operations):
            var x = try float(head)
            for (op, operand) in operations {
                let y = try float(operand)
                switch op {
                case .add: x = x + y
                case .subtract: x = x - y
                case .multiply: x = x * y
                case .divide:
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
        }
    }

    // MARK: Tests

    mutating func test(_ test: Test) throws(KeyNoteError) -> Bool {
        try budget.spend()
        switch test {
        case .constant(let value):
            return value
        case .and(let operands):
            var left = try self.test(operands[0])
            for position in 1..<operands.count {
                if !left { skipping = true }
                let right = try self.test(operands[position])
                skipping = false
                left = left && right
            }
            return left
        case .or(let operands):
            var left = try self.test(operands[0])
            for position in 1..<operands.count {
                if left { skipping = true }
                let right = try self.test(operands[position])
                skipping = false
                left = left || right
            }
            return left
        case .not(let inner):
            return !(try self.test(inner))
        case .integers(let op, let lhs, let rhs):
            let x = try integer(lhs)
            let y = try integer(rhs)
            return Self.compare(op, x < y ? -1 : (x == y ? 0 : 1))
        case .floats(let op, let lhs, let rhs):
            let x = try float(lhs)
            let y = try float(rhs)
            switch op {
            case .less: return x < y
            case .greater: return x > y
            case .lessOrEqual: return x <= y
            case .greaterOrEqual: return x >= y
            case .equal: return x == y
            case .notEqual: return x != y
            }
        case .strings(let op, let lhs, let rhs):
            let x = try string(lhs)
            let y = try string(rhs)
            if raised || skipping { return false }
            return Self.compare(op, CText.compare(x ?? [], y ?? []))
        case .matches(let lhs, let rhs):
            let subject = try string(lhs)
            let pattern = try string(rhs)
            if raised || skipping { return false }
            return try match(subject ?? [], pattern ?? [])
        }
    }

    private static func compare(_ op: Comparison, _ order: Int) -> Bool {
        switch op {
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
    /// its clause is false). On a match the groups become `_0` (the number of
    /// groups) and `_1`, `_2`, ... up to the first group that did not take part.
    private mutating func match(_ subject: [UInt8], _ pattern: [UInt8]) throws(KeyNoteError) -> Bool {
        try budget.spend(subject.count + pattern.count)
        let compiled: POSIXRegex
        do {
            compiled = try PatternCache.regex(pattern, limits: limits.regex)
        } catch let error where error.code == .compileFailed {
            raised = true
            return true
        } catch {
            throw KeyNoteError(.limitExceeded, "regular expression refused: \(error)")
        }
        scope.groups.removeAll()
        let found: RegexMatch?
        do {
            found = try compiled.match(bytes: subject)
        } catch {
            throw KeyNoteError(.limitExceeded, "regular expression refused: \(error)")
        }
        guard let found else { return false }
        scope.groups = found.keyNoteAttributes()
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

    /// The value of a Conditions program: the highest value of its clauses.
    mutating func program(_ clauses: [Clause]) throws(KeyNoteError) -> Int {
        var result = 0
        for position in clauses.indices {
            let passed = try test(clauses[position].test)
            let outcome: Int
            switch clauses[position].outcome {
            case .highest:
                outcome = highest
            case .value(let expression):
                let name = try string(expression)
                if raised || skipping {
                    outcome = 0
                } else {
                    outcome = scope.query?.valueIndex(of: name ?? []) ?? 0
                }
            case .block(let inner):
                outcome = try program(inner)
            }
            let value = survives(passed) ? outcome : 0
            scope.groups.removeAll()
            result = max(result, value)
        }
        return result
    }

    // MARK: Licensees

    /// The value of a Licensees expression, given the value of each principal.
    mutating func licensees(_ expression: LicenseesExpression,
                            principal: (inout ExpressionEvaluator, [UInt8]) throws(KeyNoteError) -> Int) throws(KeyNoteError) -> Int {
        try budget.spend()
        switch expression {
        case .principal(let inner):
            let text = try string(inner)
            if skipping { return 0 }
            return try principal(&self, text ?? [])
        case .and(let operands):
            var left = try licensees(operands[0], principal: principal)
            for operand in operands.dropFirst() {
                if left == 0 { skipping = true }
                let right = try licensees(operand, principal: principal)
                skipping = false
                left = min(left, right)
            }
            return left
        case .or(let operands):
            var left = try licensees(operands[0], principal: principal)
            for operand in operands.dropFirst() {
                if left == highest { skipping = true }
                let right = try licensees(operand, principal: principal)
                skipping = false
                left = max(left, right)
            }
            return left
        case .threshold(let k, let list):
            if skipping { return 0 }
            var counts = [Int](repeating: 0, count: scope.query?.values.count ?? 0)
            for item in list.reversed() {
                let text = try string(item)
                let value = try principal(&self, text ?? [])
                if value >= 0, value < counts.count { counts[value] += 1 }
            }
            var needed = Int(k)
            var index = counts.count - 1
            while index >= 0 {
                needed -= counts[index]
                if needed <= 0 { return index }
                index -= 1
            }
            return 0
        }
    }
}
