/// A cursor over the tokens of one field, with the nesting bound and the
/// error helpers that every field parser shares.
///
/// The tokens live in a buffer of their own for the time of one call to
/// ``reading(text:range:mode:limits:_:)``; a stream must not outlive it.
struct TokenStream {
    /// The tokens, the last one `.end`.
    private let tokens: UnsafeBufferPointer<Token>
    private let text: [UInt8]
    private var index = 0
    private var depth = 0
    private let maxDepth: Int
    /// The byte that stopped tokenizing early, if any (see ``Lexer``).
    let lexicalError: KeyNoteError?

    /// Reads the tokens of `text[range]` in `mode` and calls `body` with a stream over them.
    static func reading<Result>(text: [UInt8], range: Range<Int>, mode: Lexer.Mode, limits: KeyNoteLimits,
                                _ body: (inout TokenStream) throws(KeyNoteError) -> Result) throws(KeyNoteError) -> Result {
        let capacity = Lexer.maxTokens(in: range, limit: limits.maxTokensPerField)
        let storage = PlainMemory.allocate(Token.self, capacity: capacity)
        defer { PlainMemory.free(storage) }
        let buffer = UnsafeMutableBufferPointer(start: storage, count: capacity)
        let (count, lexicalError) = try Lexer.tokens(of: text, range: range, mode: mode,
                                                     limit: limits.maxTokensPerField, into: buffer)
        var stream = TokenStream(tokens: UnsafeBufferPointer(rebasing: buffer[..<count]), text: text,
                                 maxDepth: limits.maxNestingDepth, lexicalError: lexicalError)
        return try body(&stream)
    }

    private init(tokens: UnsafeBufferPointer<Token>, text: [UInt8], maxDepth: Int, lexicalError: KeyNoteError?) {
        self.tokens = tokens
        self.text = text
        self.maxDepth = maxDepth
        self.lexicalError = lexicalError
    }

    var current: Token.Kind { tokens[index].kind }
    var offset: Int { tokens[index].offset }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    /// Consumes the current token if it is `kind`.
    mutating func accept(_ kind: Token.Kind) -> Bool {
        guard current == kind else { return false }
        advance()
        return true
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws(KeyNoteError) {
        guard accept(kind) else { throw unexpected(expected: what) }
    }

    func error(_ reason: String, at offset: Int? = nil) -> KeyNoteError {
        KeyNoteError(.syntax, reason, at: SourceLocation(offset: offset ?? self.offset, in: text))
    }

    func unexpected(expected what: String) -> KeyNoteError {
        if current == .end, let lexicalError { return lexicalError }
        return error(current == .end ? "expected \(what) before the end of the field" : "expected \(what)")
    }

    /// The value of a `.string` token: its bytes unescaped (``StringLiteral``).
    func literal(_ range: Range<Int>) -> [UInt8] {
        StringLiteral.unescape(text, from: range.lowerBound, to: range.upperBound)
    }

    /// The bytes of a `.name` token.
    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        text[range]
    }

    /// Fails with the lexical error, for fields where any stray byte is fatal.
    func requireNoLexicalError() throws(KeyNoteError) {
        if let lexicalError { throw lexicalError }
    }

    /// Runs `body` one nesting level deeper, failing past ``KeyNoteLimits/maxNestingDepth``.
    mutating func nested<T>(_ body: (inout TokenStream) throws(KeyNoteError) -> T) throws(KeyNoteError) -> T {
        try descend()
        defer { ascend() }
        return try body(&self)
    }

    /// Goes one nesting level deeper, failing past ``KeyNoteLimits/maxNestingDepth``;
    /// every successful call is paired with ``ascend()``.
    mutating func descend() throws(KeyNoteError) {
        depth += 1
        guard depth <= maxDepth else {
            depth -= 1
            throw KeyNoteError(.limitExceeded, "expression nested deeper than \(maxDepth) levels",
                               at: SourceLocation(offset: offset, in: text))
        }
    }

    /// Comes back from one ``descend()``.
    mutating func ascend() {
        depth -= 1
    }

    /// `strnotconcat`: a literal, an attribute name, `$` operand, or `( str )`.
    mutating func parseStringOperand(into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32 {
        switch current {
        case .string(let range):
            advance()
            return program.literal(text, from: range.lowerBound, to: range.upperBound)
        case .name(let range):
            advance()
            return program.name(text, range)
        case .dereference:
            advance()
            let operand = try nested { (stream: inout TokenStream) throws(KeyNoteError) in
                try stream.parseStringOperand(into: &program)
            }
            return program.add(ExpressionNode(kind: .dereference, a: operand))
        case .openParen:
            advance()
            let inner = try nested { (stream: inout TokenStream) throws(KeyNoteError) in
                try stream.parseString(into: &program)
            }
            try expect(.closeParen, "')'")
            return inner
        default:
            throw unexpected(expected: "a string")
        }
    }

    /// `str`: string operands joined by `.`.
    mutating func parseString(into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32 {
        try continueString(try parseStringOperand(into: &program), into: &program)
    }

    /// Continues a `str` whose first operand is already parsed.
    mutating func continueString(_ first: Int32, into program: inout ExpressionProgram.Builder) throws(KeyNoteError) -> Int32 {
        guard current == .concatenate else { return first }
        var parts = [first]
        while accept(.concatenate) {
            parts.append(try parseStringOperand(into: &program))
        }
        return program.concatenation(parts)
    }
}
