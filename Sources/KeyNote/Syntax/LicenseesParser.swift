/// Parses a Licensees field (RFC 2704 section 4.6.4): principals joined by
/// `&&` (minimum) and `||` (maximum, lower precedence), and `K-of(p1, ...)`.
/// A threshold with fewer principals than K is a syntax error.
struct LicenseesParser {
    private var stream: TokenStream

    init(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits) throws(KeyNoteError) {
        stream = try TokenStream(text: text, range: range, mode: .licensees, limits: limits)
    }

    /// Parses a Licensees field; nil when it is empty (its value is then 0).
    static func parse(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits) throws(KeyNoteError) -> LicenseesExpression? {
        if let literal = FieldParser.singleLiteral(text: text, range: range) {
            return .principal(.literal(literal))
        }
        var parser = try LicenseesParser(text: text, range: range, limits: limits)
        return try parser.parse()
    }

    /// Parses the field; nil when it is empty (its value is then 0).
    private mutating func parse() throws(KeyNoteError) -> LicenseesExpression? {
        if stream.current == .end {
            try stream.requireNoLexicalError()
            return nil
        }
        let expression = try parseOr()
        guard stream.current == .end else { throw stream.unexpected(expected: "&&, || or the end of the Licensees field") }
        try stream.requireNoLexicalError()
        return expression
    }

    private mutating func parseOr() throws(KeyNoteError) -> LicenseesExpression {
        let first = try parseAnd()
        guard stream.current == .or else { return first }
        var operands = [first]
        while stream.accept(.or) {
            operands.append(try parseAnd())
        }
        return .or(operands)
    }

    private mutating func parseAnd() throws(KeyNoteError) -> LicenseesExpression {
        let first = try parsePrimary()
        guard stream.current == .and else { return first }
        var operands = [first]
        while stream.accept(.and) {
            operands.append(try parsePrimary())
        }
        return .and(operands)
    }

    private mutating func parsePrimary() throws(KeyNoteError) -> LicenseesExpression {
        switch stream.current {
        case .threshold(let k):
            let start = stream.offset
            stream.advance()
            try stream.expect(.openParen, "'(' after K-of")
            var list = [try stream.parseString()]
            while stream.accept(.comma) {
                list.append(try stream.parseString())
            }
            try stream.expect(.closeParen, "')' after the K-of list")
            if list.count < Int(k) {
                throw stream.error("\(k)-of needs at least \(k) principals, found \(list.count)", at: start)
            }
            return .threshold(k, list)
        case .openParen:
            stream.advance()
            let inner = try stream.nested { (s: inout TokenStream) throws(KeyNoteError) in
                var parser = LicenseesParser(stream: s)
                let result = try parser.parseOr()
                s = parser.stream
                return result
            }
            try stream.expect(.closeParen, "')'")
            if case .principal(let principal) = inner {
                return .principal(try stream.continueString(principal))
            }
            return inner
        default:
            return .principal(try stream.parseString())
        }
    }

    private init(stream: TokenStream) { self.stream = stream }
}

/// Parses the small field languages: Authorizer and Signature (one string
/// expression), Local-Constants (`NAME = "literal"` pairs) and KeyNote-Version.
enum FieldParser {
    /// Authorizer or Signature: exactly one string expression (RFC 2704 sections 4.6.2, 4.6.7).
    /// As in the reference, a stray byte after a complete principal ends the
    /// field (`"POLICY" ;` reads as `"POLICY"`), while a second principal is an error.
    static func principal(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits) throws(KeyNoteError) -> StringExpression {
        if let literal = singleLiteral(text: text, range: range) {
            return .literal(literal)
        }
        var stream = try TokenStream(text: text, range: range, mode: .principal, limits: limits)
        let expression = try stream.parseString()
        guard stream.current == .end else { throw stream.unexpected(expected: "the end of the field (one principal only)") }
        return expression
    }

    /// The common case of a principal field, one literal between blanks, read
    /// without the tokenizer; nil for anything else (the tokenizer decides).
    static func singleLiteral(text: [UInt8], range: Range<Int>) -> [UInt8]? {
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
        return StringLiteral.unescape(text, from: start + 1, to: close)
    }

    /// Local-Constants (RFC 2704 section 4.6.1): names may not start with `_`
    /// nor appear twice; values are literals.
    static func localConstants(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits) throws(KeyNoteError) -> [([UInt8], [UInt8])] {
        var stream = try TokenStream(text: text, range: range, mode: .localConstants, limits: limits)
        var constants: [([UInt8], [UInt8])] = []
        while stream.current != .end {
            let nameOffset = stream.offset
            guard case .name(let nameRange) = stream.current else { throw stream.unexpected(expected: "a constant name") }
            let name = stream.bytes(nameRange)
            stream.advance()
            try stream.expect(.assign, "'=' after the constant name")
            guard case .string(let valueRange) = stream.current else { throw stream.unexpected(expected: "a quoted value") }
            let value = stream.literal(valueRange)
            stream.advance()
            if name.first == UInt8(ascii: "_") {
                throw stream.error("Local-Constants names may not start with '_'", at: nameOffset)
            }
            if constants.contains(where: { $0.0 == name }) {
                throw stream.error("constant defined twice", at: nameOffset)
            }
            constants.append((name, value))
        }
        try stream.requireNoLexicalError()
        return constants
    }

    /// KeyNote-Version (RFC 2704 section 4.6.8): must be 2, as a number or a literal.
    static func version(text: [UInt8], range: Range<Int>, limits: KeyNoteLimits) throws(KeyNoteError) {
        var stream = try TokenStream(text: text, range: range, mode: .version, limits: limits)
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
