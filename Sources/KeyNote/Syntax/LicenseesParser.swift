/// Parses a Licensees field (RFC 2704 section 4.6.4): principals joined by
/// `&&` (minimum) and `||` (maximum, lower precedence), and `K-of(p1, ...)`.
/// A threshold with fewer principals than K is a syntax error.
struct LicenseesParser {
    private var stream: TokenStream
    /// How many principals the field has so far, in the order written.
    private var principalCount: Int32 = 0


    /// Parses a Licensees field into `program`; nil when it is empty (its value is then 0).
    static func parse(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits,
                      into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32? {
        if let literal = FieldParser.singleLiteral(text: text, range: range) {
            let value = program.literal(text, from: literal.lowerBound, to: literal.upperBound)
            return program.add(ExpressionNode(kind: .principal, a: value, b: 0))
        }
        return try TokenStream.reading(text: text, range: range, mode: .licensees, limits: limits) { (stream) throws(KeyNoteError) in
            var parser = LicenseesParser(stream: stream, principalCount: 0)
            return try parser.parse(into: &program)
        }
    }

    /// Parses the field; nil when it is empty (its value is then 0).
    private mutating func parse(into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32? {
        if stream.current == .end {
            try stream.requireNoLexicalError()
            return nil
        }
        let expression = try parseOr(into: &program)
        guard stream.current == .end else { throw stream.unexpected(expected: "&&, || or the end of the Licensees field") }
        try stream.requireNoLexicalError()
        return expression
    }

    private mutating func parseOr(into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32 {
        let first = try parseAnd(into: &program)
        guard stream.current == .or else { return first }
        var operands = [first]
        while stream.accept(.or) {
            operands.append(try parseAnd(into: &program))
        }
        return program.add(ExpressionNode(kind: .licenseesOr, a: program.list(operands), b: Int32(operands.count)))
    }

    private mutating func parseAnd(into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32 {
        let first = try parsePrimary(into: &program)
        guard stream.current == .and else { return first }
        var operands = [first]
        while stream.accept(.and) {
            operands.append(try parsePrimary(into: &program))
        }
        return program.add(ExpressionNode(kind: .licenseesAnd, a: program.list(operands), b: Int32(operands.count)))
    }

    /// A principal node for the string `value`, numbered in the order written.
    private mutating func principal(_ value: Int32, into program: inout ExpressionProgram.Builder) -> Int32 {
        principalCount += 1
        return program.add(ExpressionNode(kind: .principal, a: value, b: principalCount - 1))
    }

    private mutating func parsePrimary(into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32 {
        switch stream.current {
        case .threshold(let k):
            let start = stream.offset
            stream.advance()
            try stream.expect(.openParen, "'(' after K-of")
            var list = [principal(try stream.parseString(into: &program), into: &program)]
            while stream.accept(.comma) {
                list.append(principal(try stream.parseString(into: &program), into: &program))
            }
            try stream.expect(.closeParen, "')' after the K-of list")
            if list.count < Int(k) {
                throw stream.error("\(k)-of needs at least \(k) principals, found \(list.count)", at: start)
            }
            return program.add(ExpressionNode(kind: .threshold, a: program.list(list), b: Int32(list.count), c: k))
        case .openParen:
            stream.advance()
            var count = principalCount
            let inner = try stream.nested { (s: inout TokenStream) throws(KeyNoteError) in
                var parser = LicenseesParser(stream: s, principalCount: count)
                let result = try parser.parseOr(into: &program)
                s = parser.stream
                count = parser.principalCount
                return result
            }
            principalCount = count
            try stream.expect(.closeParen, "')'")
            let node = program.node(inner)
            if node.kind == .principal {
                // `("a") . "b"`: the parenthesized principal goes on as a string.
                let value = try stream.continueString(node.a, into: &program)
                return value == node.a ? inner : program.add(ExpressionNode(kind: .principal, a: value, b: node.b))
            }
            return inner
        default:
            return principal(try stream.parseString(into: &program), into: &program)
        }
    }

    private init(stream: TokenStream, principalCount: Int32) {
        self.stream = stream
        self.principalCount = principalCount
    }
}

/// Parses the small field languages: Authorizer and Signature (one string
/// expression), Local-Constants (`NAME = "literal"` pairs) and KeyNote-Version.
enum FieldParser {
    /// Authorizer or Signature: exactly one string expression (RFC 2704 sections 4.6.2, 4.6.7).
    /// As in the reference, a stray byte after a complete principal ends the
    /// field (`"POLICY" ;` reads as `"POLICY"`), while a second principal is an error.
    static func principal(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits,
                          into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32 {
        if let literal = singleLiteral(text: text, range: range) {
            return program.literal(text, from: literal.lowerBound, to: literal.upperBound)
        }
        return try TokenStream.reading(text: text, range: range, mode: .principal, limits: limits) { (stream) throws(KeyNoteError) in
            let expression = try stream.parseString(into: &program)
            guard stream.current == .end else { throw stream.unexpected(expected: "the end of the field (one principal only)") }
            return expression
        }
    }

    /// The common case of a principal field, one literal between blanks, found
    /// without the tokenizer: the range between its quotes, still escaped; nil
    /// for anything else (the tokenizer decides).
    static func singleLiteral(text: [UInt8], range: Range<Int>) -> Range<Int>? {
        @inline(__always) func isBlank(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
        }
        var start = range.lowerBound
        while start < range.upperBound, isBlank(text[start]) { start += 1 }
        guard start < range.upperBound, text[start] == UInt8(ascii: "\""),
              let close = StringLiteral.closingQuote(in: text, from: start, end: range.upperBound) else { return nil }
        var end = close + 1
        while end < range.upperBound, isBlank(text[end]) { end += 1 }
        guard end == range.upperBound else { return nil }
        return start + 1..<close
    }

    /// Local-Constants (RFC 2704 section 4.6.1): names may not start with `_`
    /// nor appear twice; values are literals. They are recorded in `program`.
    static func localConstants(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits,
                               into program: inout ExpressionProgram.Builder) throws(KeyNoteError) {
        try TokenStream.reading(text: text, range: range, mode: .localConstants, limits: limits) { (stream) throws(KeyNoteError) in
            while stream.current != .end {
                let nameOffset = stream.offset
                guard case .name(let nameRange) = stream.current else { throw stream.unexpected(expected: "a constant name") }
                let name = stream.bytes(nameRange)
                stream.advance()
                try stream.expect(.assign, "'=' after the constant name")
                guard case .string(let valueRange) = stream.current else { throw stream.unexpected(expected: "a quoted value") }
                stream.advance()
                if name.first == UInt8(ascii: "_") {
                    throw stream.error("Local-Constants names may not start with '_'", at: nameOffset)
                }
                if program.hasConstant(named: name) {
                    throw stream.error("constant defined twice", at: nameOffset)
                }
                program.addConstant(name: name, text: text, from: valueRange.lowerBound, to: valueRange.upperBound)
            }
            try stream.requireNoLexicalError()
        }
    }

    /// KeyNote-Version (RFC 2704 section 4.6.8): must be 2, as a number or a literal.
    static func version(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits) throws(KeyNoteError) {
        try TokenStream.reading(text: text, range: range, mode: .version, limits: limits) { (stream) throws(KeyNoteError) in
            let start = stream.offset
            guard case .string(let range) = stream.current else { throw stream.unexpected(expected: "a version number") }
            let value = stream.literal(range)
            stream.advance()
            guard stream.current == .end else { throw stream.unexpected(expected: "the end of the KeyNote-Version field") }
            try stream.requireNoLexicalError()
            guard value == [UInt8(ascii: "2")] else {
                throw stream.error("unsupported KeyNote-Version (only 2 is defined)", at: start)
            }
        }
    }
}
