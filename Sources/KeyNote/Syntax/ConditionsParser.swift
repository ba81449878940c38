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
        let first = try parseAnd()
        guard stream.current == .or else { return first }
        var operands: [Test] = []
        operands.reserveCapacity(4)
        operands.append(try requireTest(first, at: start))
        while stream.accept(.or) {
            let operandStart = stream.offset
            operands.append(try requireTest(try parseAnd(), at: operandStart))
        }
        return .test(.or(operands))
    }

    private mutating func parseAnd() throws(KeyNoteError) -> Node {
        let start = stream.offset
        let first = try parseNot()
        guard stream.current == .and else { return first }
        var operands: [Test] = []
        operands.reserveCapacity(4)
        operands.append(try requireTest(first, at: start))
        while stream.accept(.and) {
            let operandStart = stream.offset
            operands.append(try requireTest(try parseNot(), at: operandStart))
        }
        return .test(.and(operands))
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

    /// Parses operators of precedence `level` and above; operators of one
    /// level form one flat, left-associative chain.
    private mutating func parseArithmetic(minimumPrecedence level: Int) throws(KeyNoteError) -> Node {
        guard level <= 3 else { return try parseUnary() }
        let first = try parseArithmetic(minimumPrecedence: level + 1)
        var rest: [(Token.Kind, Node, Int)] = []
        while Self.precedence(stream.current) == level {
            let operatorToken = stream.current
            let operatorOffset = stream.offset
            stream.advance()
            rest.append((operatorToken, try parseArithmetic(minimumPrecedence: level + 1), operatorOffset))
        }
        return rest.isEmpty ? first : try chain(first, rest)
    }

    private func chain(_ first: Node, _ rest: [(Token.Kind, Node, Int)]) throws(KeyNoteError) -> Node {
        switch first {
        case .string(let head):
            var parts = [head]
            for (token, operand, offset) in rest {
                guard token == .concatenate, case .string(let part) = operand else {
                    throw stream.error("'.' joins strings; other operators need numbers of one type", at: offset)
                }
                parts.append(part)
            }
            return .string(.concatenation(parts))
        case .integer(let head):
            var operations: [(IntegerOperator, IntegerExpression)] = []
            for (token, operand, offset) in rest {
                guard case .integer(let value) = operand else {
                    throw stream.error("the operands of this operator have different types", at: offset)
                }
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
                operations.append((op, value))
            }
            return .integer(.chain(head, operations))
        case .float(let head):
            var operations: [(FloatOperator, FloatExpression)] = []
            for (token, operand, offset) in rest {
                guard case .float(let value) = operand else {
                    throw stream.error("the operands of this operator have different types", at: offset)
                }
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
                operations.append((op, value))
            }
            return .float(.chain(head, operations))
        case .test:
            throw stream.error("a test cannot be an operand of arithmetic or '.'", at: rest[0].2)
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
