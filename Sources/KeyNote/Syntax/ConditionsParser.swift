/// Parses a Conditions field into clauses (RFC 2704 section 4.6.5).
///
/// The grammar and operator precedence are the reference's: `||` below `&&`
/// below `!`; comparisons do not chain; `+ - .` below `* / %` below `^`, all
/// left-associative; unary minus, `@`, `&` and `$` bind tightest, so `-2 ^ 2`
/// is 4 and `$a . b` is `($a) . b`. Every clause, the last one too, ends in `;`.
struct ConditionsParser {
    private var stream: TokenStream

    init(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits) throws(KeyNoteError) {
        stream = try TokenStream(text: text, range: range, mode: .conditions, limits: limits)
    }

    /// Parses the whole field.
    mutating func parseProgram() throws(KeyNoteError) -> [Clause] {
        let clauses = try parseClauses(until: .end)
        guard stream.current == .end else { throw stream.unexpected(expected: "the end of the Conditions field") }
        try stream.requireNoLexicalError()
        return clauses
    }

    private mutating func parseClauses(until terminator: Token.Kind) throws(KeyNoteError) -> [Clause] {
        var clauses: [Clause] = []
        while stream.current != terminator, stream.current != .end {
            let test = try parseTestExpression()
            var outcome = Clause.Outcome.highest
            if stream.accept(.hint) {
                if stream.accept(.openBlock) {
                    let inner = try stream.nested { (s: inout TokenStream) throws(KeyNoteError) in
                        var parser = ConditionsParser(stream: s)
                        let result = try parser.parseClauses(until: .closeBlock)
                        s = parser.stream
                        return result
                    }
                    try stream.expect(.closeBlock, "'}'")
                    outcome = .block(inner)
                } else {
                    outcome = .value(try stream.parseString())
                }
            }
            try stream.expect(.semicolon, "';' after the clause")
            clauses.append(Clause(test: test, outcome: outcome))
        }
        return clauses
    }

    private init(stream: TokenStream) { self.stream = stream }

    /// A parsed operand: a test, or a value of one of the three types.
    private enum Node {
        case test(Test)
        case integer(IntegerExpression)
        case float(FloatExpression)
        case string(StringExpression)
    }

    private mutating func parseTestExpression() throws(KeyNoteError) -> Test {
        let start = stream.offset
        guard case .test(let test) = try parseOr() else {
            throw stream.error("a value is not a test: compare it with something", at: start)
        }
        return test
    }

    private mutating func requireTest(_ node: Node, at offset: Int) throws(KeyNoteError) -> Test {
        guard case .test(let test) = node else {
            throw stream.error("a value is not a test: compare it with something", at: offset)
        }
        return test
    }

    private mutating func parseOr() throws(KeyNoteError) -> Node {
        let start = stream.offset
        var lhs = try parseAnd()
        while stream.current == .or {
            let left = try requireTest(lhs, at: start)
            stream.advance()
            let rightStart = stream.offset
            let right = try requireTest(try parseAnd(), at: rightStart)
            lhs = .test(.or(left, right))
        }
        return lhs
    }

    private mutating func parseAnd() throws(KeyNoteError) -> Node {
        let start = stream.offset
        var lhs = try parseNot()
        while stream.current == .and {
            let left = try requireTest(lhs, at: start)
            stream.advance()
            let rightStart = stream.offset
            let right = try requireTest(try parseNot(), at: rightStart)
            lhs = .test(.and(left, right))
        }
        return lhs
    }

    private mutating func parseNot() throws(KeyNoteError) -> Node {
        guard stream.accept(.not) else { return try parseComparison() }
        let start = stream.offset
        let operand = try nested { (parser: inout ConditionsParser) throws(KeyNoteError) in try parser.parseNot() }
        return .test(.not(try requireTest(operand, at: start)))
    }

    private static func comparison(_ kind: Token.Kind) -> Comparison? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .greater: return .greater
        case .lessOrEqual: return .lessOrEqual
        case .greaterOrEqual: return .greaterOrEqual
        default: return nil
        }
    }

    private mutating func parseComparison() throws(KeyNoteError) -> Node {
        let lhs = try parseArithmetic(minimumPrecedence: 1)
        let operatorOffset = stream.offset
        let isMatch = stream.current == .matches
        guard let op = Self.comparison(stream.current) ?? (isMatch ? .equal : nil) else { return lhs }
        stream.advance()
        let rhs = try parseArithmetic(minimumPrecedence: 1)
        let result: Test
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            result = isMatch ? .matches(a, b) : .strings(op, a, b)
        case (.integer(let a), .integer(let b)) where !isMatch:
            result = .integers(op, a, b)
        case (.float(let a), .float(let b)) where !isMatch && op != .equal && op != .notEqual:
            result = .floats(op, a, b)
        case (.float, .float) where !isMatch:
            throw stream.error("floats compare only with <, >, <= and >=", at: operatorOffset)
        default:
            throw stream.error(isMatch ? "~= needs two strings" : "the two sides of the comparison have different types",
                               at: operatorOffset)
        }
        if Self.comparison(stream.current) != nil || stream.current == .matches {
            throw stream.error("comparisons do not chain")
        }
        return .test(result)
    }

    private static func precedence(_ kind: Token.Kind) -> Int? {
        switch kind {
        case .plus, .minus, .concatenate: return 1
        case .times, .divide, .modulo: return 2
        case .power: return 3
        default: return nil
        }
    }

    private mutating func parseArithmetic(minimumPrecedence: Int) throws(KeyNoteError) -> Node {
        var lhs = try parseUnary()
        while let precedence = Self.precedence(stream.current), precedence >= minimumPrecedence {
            let operatorToken = stream.current
            let operatorOffset = stream.offset
            stream.advance()
            let rhs = try parseArithmetic(minimumPrecedence: precedence + 1)
            lhs = try combine(operatorToken, lhs, rhs, at: operatorOffset)
        }
        return lhs
    }

    private func combine(_ token: Token.Kind, _ lhs: Node, _ rhs: Node, at offset: Int) throws(KeyNoteError) -> Node {
        switch (token, lhs, rhs) {
        case (.concatenate, .string(let a), .string(let b)):
            return .string(.concatenation(a, b))
        case (_, .integer(let a), .integer(let b)):
            let op: IntegerOperator
            switch token {
            case .plus: op = .add
            case .minus: op = .subtract
            case .times: op = .multiply
            case .divide: op = .divide
            case .modulo: op = .modulo
            case .power: op = .power
            default: throw stream.error("'.' joins strings, not integers", at: offset)
            }
            return .integer(.binary(op, a, b))
        case (_, .float(let a), .float(let b)):
            let op: FloatOperator
            switch token {
            case .plus: op = .add
            case .minus: op = .subtract
            case .times: op = .multiply
            case .divide: op = .divide
            case .power: op = .power
            case .modulo: throw stream.error("% is for integers, not floats", at: offset)
            default: throw stream.error("'.' joins strings, not floats", at: offset)
            }
            return .float(.binary(op, a, b))
        default:
            throw stream.error("the operands of this operator have different or unsuitable types", at: offset)
        }
    }

    private mutating func nested<T>(_ body: (inout ConditionsParser) throws(KeyNoteError) -> T) throws(KeyNoteError) -> T {
        try stream.nested { (s: inout TokenStream) throws(KeyNoteError) in
            var parser = ConditionsParser(stream: s)
            let result = try body(&parser)
            s = parser.stream
            return result
        }
    }

    private mutating func parseUnary() throws(KeyNoteError) -> Node {
        let start = stream.offset
        switch stream.current {
        case .minus:
            stream.advance()
            let operand = try nested { (parser: inout ConditionsParser) throws(KeyNoteError) in try parser.parseUnary() }
            switch operand {
            case .integer(let value): return .integer(.negate(value))
            case .float(let value): return .float(.negate(value))
            default: throw stream.error("unary minus needs a number", at: start)
            }
        case .toInteger:
            stream.advance()
            return .integer(.fromString(try stream.parseStringOperand()))
        case .toFloat:
            stream.advance()
            return .float(.fromString(try stream.parseStringOperand()))
        default:
            return try parsePrimary()
        }
    }

    private mutating func parsePrimary() throws(KeyNoteError) -> Node {
        switch stream.current {
        case .integer(let value):
            stream.advance()
            return .integer(.literal(value))
        case .float(let value):
            stream.advance()
            return .float(.literal(value))
        case .trueLiteral:
            stream.advance()
            return .test(.constant(true))
        case .falseLiteral:
            stream.advance()
            return .test(.constant(false))
        case .string, .name, .dereference:
            return .string(try stream.parseStringOperand())
        case .openParen:
            stream.advance()
            let inner = try nested { (parser: inout ConditionsParser) throws(KeyNoteError) in try parser.parseOr() }
            try stream.expect(.closeParen, "')'")
            return inner
        default:
            throw stream.unexpected(expected: "a test or a value")
        }
    }
}
