/// Splits one field of an assertion into tokens, in the field's own language.
///
/// The reference scanner has one start state per field kind; the same bytes can
/// be tokens in one and errors in another (`@` only in Conditions, `2-of` only in
/// Licensees, a bare number only in Conditions and KeyNote-Version). Whitespace is
/// space, tab and newline only; `#` starts a comment to the end of the line.
/// Keywords (`true`, `false`, `-of`) match in any letter case, as the reference
/// scanner is built case-insensitive.
///
/// A byte that starts no token (or an unterminated literal) ends the field as far
/// as the grammar is concerned, as in the reference, whose scanner reports such
/// a byte as the end of input: tokenizing stops there and the error is kept in
/// ``lexicalError``. Each field decides what that error costs.
struct Lexer {
    /// Which field language is being read.
    enum Mode: Sendable {
        case conditions, licensees, principal, localConstants, version
    }

    private let text: [UInt8]
    /// The bytes of `text`, read without bounds checks: every read is below
    /// `end`, and `end` is at most `text.count`.
    private let bytes: UnsafeBufferPointer<UInt8>
    private let end: Int
    private let mode: Mode
    private(set) var position: Int
    /// The first byte that starts no token, if any; the tokens end before it.
    private(set) var lexicalError: KeyNoteError?

    /// Reads `text[range]`, whose bytes `bytes` points to; the lexer must
    /// not outlive the pointer.
    private init(text: [UInt8], bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, mode: Mode) {
        self.text = text
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = min(range.upperBound, bytes.count)
        self.mode = mode
    }

    /// The most tokens ``tokens(of:range:mode:limit:into:)`` writes: every
    /// token but the last takes at least one byte, and tokenizing stops
    /// with an error at `limit` + 1 tokens.
    static func maxTokens(in range: Range<Int>, limit: Int) -> Int {
        min(range.count, max(limit, 0)) + 1
    }

    /// Writes the tokens of `text[range]` in `mode` into `tokens`, which has
    /// room for ``maxTokens(in:limit:)``, ending with `.end`; returns how many
    /// it wrote and the byte that stopped tokenizing early, if any.
    static func tokens(of text: [UInt8], range: Range<Int>, mode: Mode, limit: Int,
                       into tokens: UnsafeMutableBufferPointer<Token>) throws(KeyNoteError) -> (count: Int, lexicalError: KeyNoteError?) {
        let outcome = text.withUnsafeBufferPointer { bytes in
            Result { () throws(KeyNoteError) in
                var lexer = Lexer(text: text, bytes: bytes, range: range, mode: mode)
                let count = try lexer.tokenize(limit: limit, into: tokens)
                return (count, lexer.lexicalError)
            }
        }
        return try outcome.get()
    }

    private func error(_ reason: String, at offset: Int) -> KeyNoteError {
        KeyNoteError(.syntax, reason, at: SourceLocation(offset: offset, in: text))
    }

    @inline(__always)
    private func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < end ? bytes[position + ahead] : nil
    }

    /// Writes every token of the field into `tokens`, ending with `.end`;
    /// returns how many.
    private mutating func tokenize(limit: Int, into tokens: UnsafeMutableBufferPointer<Token>) throws(KeyNoteError) -> Int {
        var count = 0
        func write(_ token: Token) {
            // At most maxTokens(in:limit:) tokens are written (see there), the room given.
            precondition(count < tokens.count, "more tokens than Lexer.maxTokens")
            tokens.initializeElement(at: count, to: token)
            count += 1
        }
        while true {
            let token: Token
            do {
                token = try next()
            } catch {
                lexicalError = error
                write(Token(kind: .end, offset: error.location?.offset ?? position))
                return count
            }
            write(token)
            if token.kind == .end { return count }
            if count > limit {
                throw KeyNoteError(.limitExceeded, "field has more than \(limit) tokens",
                                   at: SourceLocation(offset: token.offset, in: text))
            }
        }
    }

    private mutating func next() throws(KeyNoteError) -> Token {
        skipSpaceAndComments()
        let start = position
        guard let byte = peek() else { return Token(kind: .end, offset: start) }

        if byte == UInt8(ascii: "\"") {
            guard let close = StringLiteral.closingQuote(in: text, from: start, end: end) else {
                throw error("unterminated string literal", at: start)
            }
            position = close + 1
            return Token(kind: .string(start + 1..<close), offset: start)
        }
        if byte == UInt8(ascii: ".") { position += 1; return Token(kind: .concatenate, offset: start) }
        if byte == UInt8(ascii: "$") { position += 1; return Token(kind: .dereference, offset: start) }

        switch mode {
        case .conditions:
            if let token = conditionsOperator(start) { return token }
            if CText.isDigit(byte) { return number(start) }
            if isNameStart(byte) { return nameOrKeyword(start, keywords: true) }
        case .licensees:
            if let token = licenseesOperator(start) { return token }
            if byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9"), let token = threshold(start) { return token }
            if isNameStart(byte) { return nameOrKeyword(start, keywords: false) }
        case .principal:
            if isNameStart(byte) { return nameOrKeyword(start, keywords: false) }
        case .localConstants:
            if byte == UInt8(ascii: "=") { position += 1; return Token(kind: .assign, offset: start) }
            if isNameStart(byte) { return nameOrKeyword(start, keywords: false) }
        case .version:
            if CText.isDigit(byte) {
                while let digit = peek(), CText.isDigit(digit) { position += 1 }
                return Token(kind: .string(start..<position), offset: start)
            }
        }
        throw error("unexpected character \(Self.describe(byte))", at: start)
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16)
    }

    private mutating func skipSpaceAndComments() {
        // `position` stays below `end`, itself at most the buffer's count.
        var index = position
        defer { position = index }
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                index &+= 1
            } else if byte == UInt8(ascii: "#") {
                while index < end, bytes[index] != UInt8(ascii: "\n") { index &+= 1 }
            } else {
                return
            }
        }
    }

    @inline(__always)
    private func isNameStart(_ byte: UInt8) -> Bool {
        CText.isLetter(byte) || byte == UInt8(ascii: "_")
    }

    private mutating func nameOrKeyword(_ start: Int, keywords: Bool) -> Token {
        while let byte = peek(), CText.isLetter(byte) || CText.isDigit(byte) || byte == UInt8(ascii: "_") {
            position += 1
        }
        if keywords {
            if isKeyword(Self.trueKeyword, from: start) { return Token(kind: .trueLiteral, offset: start) }
            if isKeyword(Self.falseKeyword, from: start) { return Token(kind: .falseLiteral, offset: start) }
        }
        return Token(kind: .name(start..<position), offset: start)
    }

    private static let trueKeyword: StaticString = "true"
    private static let falseKeyword: StaticString = "false"

    /// Whether the name `text[start..<position]` is `keyword` in any letter case.
    private func isKeyword(_ keyword: StaticString, from start: Int) -> Bool {
        guard position - start == keyword.utf8CodeUnitCount else { return false }
        return keyword.withUTF8Buffer { letters in
            var index = 0
            while index < letters.count, CText.lowercased(bytes[start + index]) == letters[index] { index += 1 }
            return index == letters.count
        }
    }

    private mutating func number(_ start: Int) -> Token {
        while let byte = peek(), CText.isDigit(byte) { position += 1 }
        let integerEnd = position
        if peek() == UInt8(ascii: "."), let after = peek(1), CText.isDigit(after) {
            position += 1
            while let byte = peek(), CText.isDigit(byte) { position += 1 }
            return Token(kind: .float(CText.atof(text[start..<position])), offset: start)
        }
        return Token(kind: .integer(CText.atoi(text[start..<integerEnd])), offset: start)
    }

    /// `[1-9][0-9]*-of`, the K of a threshold; nil when the digits are not followed by `-of`.
    private mutating func threshold(_ start: Int) -> Token? {
        var index = start
        while index < end, CText.isDigit(text[index]) { index += 1 }
        guard index + 3 <= end, text[index] == UInt8(ascii: "-"), CText.lowercased(text[index + 1]) == UInt8(ascii: "o"),
              CText.lowercased(text[index + 2]) == UInt8(ascii: "f") else { return nil }
        position = index + 3
        return Token(kind: .threshold(CText.atoi(text[start..<index])), offset: start)
    }

    private mutating func licenseesOperator(_ start: Int) -> Token? {
        guard let byte = peek() else { return nil }
        switch byte {
        case UInt8(ascii: "("): position += 1; return Token(kind: .openParen, offset: start)
        case UInt8(ascii: ")"): position += 1; return Token(kind: .closeParen, offset: start)
        case UInt8(ascii: ","): position += 1; return Token(kind: .comma, offset: start)
        case UInt8(ascii: "&") where peek(1) == UInt8(ascii: "&"):
            position += 2; return Token(kind: .and, offset: start)
        case UInt8(ascii: "|") where peek(1) == UInt8(ascii: "|"):
            position += 2; return Token(kind: .or, offset: start)
        default: return nil
        }
    }

    private mutating func conditionsOperator(_ start: Int) -> Token? {
        guard let byte = peek() else { return nil }
        let next = peek(1)
        func take(_ kind: Token.Kind, _ length: Int) -> Token {
            position += length
            return Token(kind: kind, offset: start)
        }
        switch byte {
        case UInt8(ascii: "("): return take(.openParen, 1)
        case UInt8(ascii: ")"): return take(.closeParen, 1)
        case UInt8(ascii: "&"): return next == UInt8(ascii: "&") ? take(.and, 2) : take(.toFloat, 1)
        case UInt8(ascii: "|"): return next == UInt8(ascii: "|") ? take(.or, 2) : nil
        case UInt8(ascii: "+"): return take(.plus, 1)
        case UInt8(ascii: "-"): return next == UInt8(ascii: ">") ? take(.hint, 2) : take(.minus, 1)
        case UInt8(ascii: "{"): return take(.openBlock, 1)
        case UInt8(ascii: "}"): return take(.closeBlock, 1)
        case UInt8(ascii: ";"): return take(.semicolon, 1)
        case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? take(.notEqual, 2) : take(.not, 1)
        case UInt8(ascii: "~"): return next == UInt8(ascii: "=") ? take(.matches, 2) : nil
        case UInt8(ascii: "="): return next == UInt8(ascii: "=") ? take(.equal, 2) : nil
        case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? take(.lessOrEqual, 2) : take(.less, 1)
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? take(.greaterOrEqual, 2) : take(.greater, 1)
        case UInt8(ascii: "*"): return take(.times, 1)
        case UInt8(ascii: "/"): return take(.divide, 1)
        case UInt8(ascii: "%"): return take(.modulo, 1)
        case UInt8(ascii: "^"): return take(.power, 1)
        case UInt8(ascii: "@"): return take(.toInteger, 1)
        default: return nil
        }
    }
}
