/// Parses a Conditions field into clauses (RFC 2704 section 4.6.5).
///
/// The grammar and operator precedence are the reference's: `||` below `&&`
/// below `!`; comparisons do not chain; `+ - .` below `* / %` below `^`, all
/// left-associative; unary minus, `@`, `&` and `$` bind tightest, so `-2 ^ 2`
/// is 4 and `$a . b` is `($a) . b`. Every clause, the last one too, ends in `;`.
struct ConditionsParser {
    private var stream: TokenStream
    private var program: ExpressionProgram.Builder

    /// A parser of the tokens of `stream` that adds the field's nodes to `program`.
    private init(stream: TokenStream, program: ExpressionProgram.Builder) {
        self.stream = stream
        self.program = program
    }

    /// Parses a whole Conditions field into `program`; returns its ``ExpressionNode/Kind/clauses`` node.
    static func parse(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits,
                      into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32 {
        try TokenStream.reading(text: text, range: range, mode: .conditions, limits: limits) { (stream) throws(KeyNoteError) in
            // The parser's copy of the builder fills the same tables.
            var parser = ConditionsParser(stream: stream, program: program)
            return try parser.parseProgram()
        }
    }

    /// Parses the whole field.
    private mutating func parseProgram() throws(KeyNoteError) -> Int32 {
        let clauses = try parseClauses(until: .end)
        guard stream.current == .end else { throw stream.unexpected(expected: "the end of the Conditions field") }
        try stream.requireNoLexicalError()
        return clauses
    }

    private mutating func parseClauses(until terminator: Token.Kind) throws(KeyNoteError) -> Int32 {
        let clauses = program.beginList()
        while stream.current != terminator, stream.current != .end {
            let test = try parseTestExpression()
            var outcome = ExpressionNode.Outcome.highest
            var value: Int32 = 0
            if stream.accept(.hint) {
                if stream.accept(.openBlock) {
                    value = try nested { (parser: inout ConditionsParser) throws(KeyNoteError) in
                        try parser.parseClauses(until: .closeBlock)
                    }
                    try stream.expect(.closeBlock, "'}'")
                    outcome = .block
                } else {
                    value = try stream.parseString(into: &program)
                    outcome = .value
                }
            }
            try stream.expect(.semicolon, "';' after the clause")
            let clause = program.add(ExpressionNode(kind: .clause, op: outcome.rawValue, a: test, b: value))
            program.addToList(clause)
        }
        let list = program.endList(clauses)
        return program.add(ExpressionNode(kind: .clauses, a: list.offset, b: list.count))
    }

    /// What a parsed operand is: a test, or a value of one of the three types.
    private enum ValueType { case test, integer, float, string }

    /// A parsed operand: its type and its node.
    private struct Node {
        var type: ValueType
        var index: Int32
    }

    private mutating func parseTestExpression() throws(KeyNoteError) -> Int32 {
        let start = stream.offset
        let node = try parseOr()
        return try requireTest(node, at: start)
    }

    private func requireTest(_ node: Node, at offset: Int) throws(KeyNoteError) -> Int32 {
        guard node.type == .test else {
            throw stream.error("a value is not a test: compare it with something", at: offset)
        }
        return node.index
    }

    private mutating func parseOr() throws(KeyNoteError) -> Node {
        let start = stream.offset
        let first = try parseAnd()
        guard stream.current == .or else { return first }
        let operands = program.beginList()
        program.addToList(try requireTest(first, at: start))
        while stream.accept(.or) {
            let operandStart = stream.offset
            let operand = try parseAnd()
            program.addToList(try requireTest(operand, at: operandStart))
        }
        let list = program.endList(operands)
        return Node(type: .test, index: program.add(ExpressionNode(kind: .or, a: list.offset, b: list.count)))
    }

    private mutating func parseAnd() throws(KeyNoteError) -> Node {
        let start = stream.offset
        let first = try parseNot()
        guard stream.current == .and else { return first }
        let operands = program.beginList()
        program.addToList(try requireTest(first, at: start))
        while stream.accept(.and) {
            let operandStart = stream.offset
            let operand = try parseNot()
            program.addToList(try requireTest(operand, at: operandStart))
        }
        let list = program.endList(operands)
        return Node(type: .test, index: program.add(ExpressionNode(kind: .and, a: list.offset, b: list.count)))
    }

    private mutating func parseNot() throws(KeyNoteError) -> Node {
        guard stream.accept(.not) else { return try parseComparison() }
        let start = stream.offset
        let operand = try nested { (parser: inout ConditionsParser) throws(KeyNoteError) in try parser.parseNot() }
        let test = try requireTest(operand, at: start)
        return Node(type: .test, index: program.add(ExpressionNode(kind: .not, a: test)))
    }

    private static func comparison(_ kind: Token.Kind) -> ExpressionNode.Comparison? {
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
        let lhs = try parseOperand()
        let operatorOffset = stream.offset
        let isMatch = stream.current == .matches
        guard let op = Self.comparison(stream.current) ?? (isMatch ? .equal : nil) else { return lhs }
        stream.advance()
        let rhs = try parseOperand()
        let result: Int32
        switch (lhs.type, rhs.type) {
        case (.string, .string):
            result = isMatch
                ? program.matches(subject: lhs.index, pattern: rhs.index)
                : program.add(ExpressionNode(kind: .compareStrings, op: op.rawValue, a: lhs.index, b: rhs.index))
        case (.integer, .integer) where !isMatch:
            result = program.add(ExpressionNode(kind: .compareIntegers, op: op.rawValue, a: lhs.index, b: rhs.index))
        case (.float, .float) where !isMatch && op != .equal && op != .notEqual:
            result = program.add(ExpressionNode(kind: .compareFloats, op: op.rawValue, a: lhs.index, b: rhs.index))
        case (.float, .float) where !isMatch:
            throw stream.error("floats compare only with <, >, <= and >=", at: operatorOffset)
        default:
            throw stream.error(isMatch ? "~= needs two strings" : "the two sides of the comparison have different types",
                               at: operatorOffset)
        }
        if Self.comparison(stream.current) != nil || stream.current == .matches {
            throw stream.error("comparisons do not chain")
        }
        return Node(type: .test, index: result)
    }

    private static func precedence(_ kind: Token.Kind) -> Int? {
        switch kind {
        case .plus, .minus, .concatenate: return 1
        case .times, .divide, .modulo: return 2
        case .power: return 3
        default: return nil
        }
    }

    /// An operand of a comparison: arithmetic and `.` chains of unary operands.
    private mutating func parseOperand() throws(KeyNoteError) -> Node {
        let unary = try parseUnary()
        // Most operands are one value: no operator follows, no chain to build.
        guard Self.precedence(stream.current) != nil else { return unary }
        return try parseArithmetic(minimumPrecedence: 1, startingWith: unary)
    }

    /// Parses operators of precedence `level` and above; operators of one
    /// level form one flat, left-associative chain. `unary`, when given, is
    /// the first unary operand, already parsed.
    private mutating func parseArithmetic(minimumPrecedence level: Int,
                                          startingWith unary: Node? = nil) throws(KeyNoteError) -> Node {
        guard level <= 3 else {
            if let unary { return unary }
            return try parseUnary()
        }
        let first = try parseArithmetic(minimumPrecedence: level + 1, startingWith: unary)
        guard Self.precedence(stream.current) == level else { return first }
        var rest: [(Token.Kind, Node, Int)] = []
        while Self.precedence(stream.current) == level {
            let operatorToken = stream.current
            let operatorOffset = stream.offset
            stream.advance()
            rest.append((operatorToken, try parseArithmetic(minimumPrecedence: level + 1), operatorOffset))
        }
        return try chain(first, rest)
    }

    private mutating func chain(_ first: Node, _ rest: [(Token.Kind, Node, Int)]) throws(KeyNoteError) -> Node {
        switch first.type {
        case .string:
            var parts = [first.index]
            for (token, operand, offset) in rest {
                guard token == .concatenate, operand.type == .string else {
                    throw stream.error("'.' joins strings; other operators need numbers of one type", at: offset)
                }
                parts.append(operand.index)
            }
            return Node(type: .string, index: program.concatenation(parts))
        case .integer, .float:
            let isInteger = first.type == .integer
            var list = [first.index]
            for (token, operand, offset) in rest {
                guard operand.type == first.type else {
                    throw stream.error("the operands of this operator have different types", at: offset)
                }
                let op: ExpressionNode.Arithmetic
                switch token {
                case .plus: op = .add
                case .minus: op = .subtract
                case .times: op = .multiply
                case .divide: op = .divide
                case .modulo where isInteger: op = .modulo
                case .modulo: throw stream.error("% is for integers, not floats", at: offset)
                case .power: op = .power
                default: throw stream.error(isInteger ? "'.' joins strings, not integers" : "'.' joins strings, not floats", at: offset)
                }
                list.append(Int32(op.rawValue))
                list.append(operand.index)
            }
            let node = ExpressionNode(kind: isInteger ? .integerChain : .floatChain, a: program.list(list), b: Int32(rest.count))
            return Node(type: first.type, index: program.add(node))
        case .test:
            throw stream.error("a test cannot be an operand of arithmetic or '.'", at: rest[0].2)
        }
    }

    /// Runs `body` one nesting level deeper (see ``TokenStream/descend()``).
    private mutating func nested<T>(_ body: (inout ConditionsParser) throws(KeyNoteError) -> T) throws(KeyNoteError) -> T {
        try stream.descend()
        defer { stream.ascend() }
        return try body(&self)
    }

    private mutating func parseUnary() throws(KeyNoteError) -> Node {
        let start = stream.offset
        switch stream.current {
        case .minus:
            stream.advance()
            let operand = try nested { (parser: inout ConditionsParser) throws(KeyNoteError) in try parser.parseUnary() }
            switch operand.type {
            case .integer: return Node(type: .integer, index: program.add(ExpressionNode(kind: .integerNegate, a: operand.index)))
            case .float: return Node(type: .float, index: program.add(ExpressionNode(kind: .floatNegate, a: operand.index)))
            default: throw stream.error("unary minus needs a number", at: start)
            }
        case .toInteger:
            stream.advance()
            let operand = try stream.parseStringOperand(into: &program)
            return Node(type: .integer, index: program.add(ExpressionNode(kind: .integerFromString, a: operand)))
        case .toFloat:
            stream.advance()
            let operand = try stream.parseStringOperand(into: &program)
            return Node(type: .float, index: program.add(ExpressionNode(kind: .floatFromString, a: operand)))
        default:
            return try parsePrimary()
        }
    }

    private mutating func parsePrimary() throws(KeyNoteError) -> Node {
        switch stream.current {
        case .integer(let value):
            stream.advance()
            return Node(type: .integer, index: program.add(ExpressionNode(kind: .integerLiteral, a: value)))
        case .float(let value):
            stream.advance()
            let bits = value.bitPattern
            let node = ExpressionNode(kind: .floatLiteral, a: Int32(truncatingIfNeeded: bits >> 32),
                                      b: Int32(truncatingIfNeeded: bits))
            return Node(type: .float, index: program.add(node))
        case .trueLiteral:
            stream.advance()
            return Node(type: .test, index: program.add(ExpressionNode(kind: .constant, a: 1)))
        case .falseLiteral:
            stream.advance()
            return Node(type: .test, index: program.add(ExpressionNode(kind: .constant, a: 0)))
        case .string, .name, .dereference:
            return Node(type: .string, index: try stream.parseStringOperand(into: &program))
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
