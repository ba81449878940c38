/// The fields of one assertion, located in its text (RFC 2704 section 4.5).
///
/// Splitting follows the reference byte for byte:
/// - leading whitespace is skipped, and the first field must then start a line;
/// - a field name is everything up to the first `:` and matches any
///   case-insensitive prefix of a field name, tried in the order KeyNote-Version,
///   Local-Constants, Authorizer, Licensees, Conditions, Signature, Comment
///   (`Auth:` is Authorizer, `C:` is Conditions, `L:` is Local-Constants);
/// - a field runs on over lines that start with whitespace or `#`;
/// - a blank line (two newlines in a row) ends the assertion and what follows is
///   ignored; after the Signature field only whitespace may follow on its line;
/// - `#` lines before the first field are comments (and are signed);
/// - KeyNote-Version must come first; no field may appear twice; Authorizer is required.
struct AssertionFields: Sendable {
    var authorizer: Range<Int>
    var licensees: Range<Int>?
    var conditions: Range<Int>?
    var signature: Range<Int>?
    var comment: Range<Int>?
    /// The signed bytes: from the first non-blank byte to the start of the
    /// Signature keyword (RFC 2704 section 4.6.7).
    var signedRange: Range<Int>?

    private enum Keyword: Int {
        case version, localConstants, authorizer, licensees, conditions, signature, comment

        /// The field name in lower case, without the colon.
        private var name: StaticString {
            switch self {
            case .version: return "keynote-version"
            case .localConstants: return "local-constants"
            case .authorizer: return "authorizer"
            case .licensees: return "licensees"
            case .conditions: return "conditions"
            case .signature: return "signature"
            case .comment: return "comment"
            }
        }

        var displayName: String {
            switch self {
            case .version: return "KeyNote-Version"
            case .localConstants: return "Local-Constants"
            case .authorizer: return "Authorizer"
            case .licensees: return "Licensees"
            case .conditions: return "Conditions"
            case .signature: return "Signature"
            case .comment: return "Comment"
            }
        }

        /// The first keyword, in declaration order, whose name starts with
        /// `text[range]` ASCII case-insensitively; nil for an empty range.
        static func matching(_ text: [UInt8], _ range: Range<Int>) -> Keyword? {
            guard !range.isEmpty else { return nil }
            return text.withUnsafeBufferPointer { text in
                // Only names with the same first letter can match: start at
                // the first of them in declaration order.
                var rawValue: Int
                switch CText.lowercased(text[range.lowerBound]) {
                case UInt8(ascii: "k"): rawValue = Keyword.version.rawValue
                case UInt8(ascii: "l"): rawValue = Keyword.localConstants.rawValue
                case UInt8(ascii: "a"): rawValue = Keyword.authorizer.rawValue
                case UInt8(ascii: "c"): rawValue = Keyword.conditions.rawValue
                case UInt8(ascii: "s"): rawValue = Keyword.signature.rawValue
                default: return nil
                }
                while let keyword = Keyword(rawValue: rawValue) {
                    let matches = keyword.name.withUTF8Buffer { name in
                        guard range.count <= name.count else { return false }
                        var index = 0
                        while index < range.count, CText.lowercased(text[range.lowerBound + index]) == name[index] {
                            index += 1
                        }
                        return index == range.count
                    }
                    if matches { return keyword }
                    rawValue += 1
                }
                return nil
            }
        }
    }

    /// Splits `text` into fields, or throws a syntax error that says where.
    /// The Local-Constants are checked as they are found, and recorded in `program`.
    init(splitting text: [UInt8], limits: KeyNoteLimits, program: inout ExpressionProgram.Builder) throws(KeyNoteError) {
        func fail(_ reason: String, at offset: Int) -> KeyNoteError {
            KeyNoteError(.syntax, reason, at: SourceLocation(offset: offset, in: text))
        }
        let length = text.count
        guard length <= limits.maxAssertionBytes else {
            throw KeyNoteError(.limitExceeded, "assertion is \(length) bytes, more than the limit of \(limits.maxAssertionBytes)")
        }
        if let nul = CText.find(0, in: text, from: 0, to: length) {
            throw fail("NUL byte in assertion", at: nul)
        }
        @inline(__always) func at(_ index: Int) -> UInt8 { index < length ? text[index] : 0 }

        var i = 0
        while i < length, CText.isSpace(text[i]) { i += 1 }
        guard i < length else { throw fail("empty assertion", at: i) }
        guard i == 0 || text[i - 1] == UInt8(ascii: "\n") else {
            throw fail("the first field must start at the beginning of a line", at: i)
        }

        // One place per keyword.
        var found = InlineArray<7, Range<Int>?>(repeating: nil)
        var seenField = false
        var startOfSignature: Int? = nil
        var signatureKeyword: Int? = nil
        var fieldCount = 0

        while i < length {
            fieldCount += 1
            if fieldCount > limits.maxFields {
                throw KeyNoteError(.limitExceeded, "assertion has more than \(limits.maxFields) fields and comment lines",
                                   at: SourceLocation(offset: i, in: text))
            }
            let keywordStart = i
            if startOfSignature == nil { startOfSignature = keywordStart }
            if text[i] == UInt8(ascii: "#") {
                seenField = true
                while i < length {
                    i += 1
                    if at(i) == UInt8(ascii: "\n") { break }
                }
                i += 1
                continue
            }
            guard let colon = CText.find(UInt8(ascii: ":"), in: text, from: i, to: length) else {
                throw fail("field name without ':'", at: keywordStart)
            }
            i = colon
            let keywordEnd = i
            let valueStart = i + 1
            var valueEnd = length
            var endOfAssertion = false
            while true {
                guard let newline = CText.find(UInt8(ascii: "\n"), in: text, from: i + 1, to: length) else {
                    endOfAssertion = true
                    valueEnd = length
                    i = length
                    break
                }
                i = newline
                if i + 1 < length, text[i + 1] == UInt8(ascii: "\n") {
                    endOfAssertion = true
                    valueEnd = i
                    break
                }
                let following = at(i + 1)
                if !CText.isSpace(following), following != UInt8(ascii: "#") {
                    valueEnd = i
                    break
                }
            }
            i += 1

            guard keywordEnd > keywordStart else { throw fail("empty field name", at: keywordStart) }
            guard let keyword = Keyword.matching(text, keywordStart..<keywordEnd) else {
                throw fail("unknown field name", at: keywordStart)
            }
            guard found[keyword.rawValue] == nil else { throw fail("\(keyword.displayName) field appears twice", at: keywordStart) }
            switch keyword {
            case .version:
                if seenField { throw fail("KeyNote-Version must be the first field", at: keywordStart) }
                try FieldParser.version(text: text, range: valueStart..<valueEnd, limits: limits)
            case .localConstants:
                try FieldParser.localConstants(text: text, range: valueStart..<valueEnd, limits: limits, into: &program)
            case .signature:
                endOfAssertion = true
                signatureKeyword = keywordStart
            default:
                break
            }
            found[keyword.rawValue] = valueStart..<valueEnd
            seenField = true

            if endOfAssertion {
                if valueEnd >= length - 1 { break }
                var k = valueEnd + 1
                while k < length, text[k] != UInt8(ascii: "\n") {
                    if !CText.isSpace(text[k]) {
                        throw fail("text after the end of the assertion", at: k)
                    }
                    k += 1
                }
                break
            }
        }

        guard let authorizer = found[Keyword.authorizer.rawValue] else {
            throw fail("assertion has no Authorizer field", at: 0)
        }
        self.authorizer = authorizer
        self.licensees = found[Keyword.licensees.rawValue]
        self.conditions = found[Keyword.conditions.rawValue]
        self.signature = found[Keyword.signature.rawValue]
        self.comment = found[Keyword.comment.rawValue]
        if let start = startOfSignature, let end = signatureKeyword, end > start {
            self.signedRange = start..<end
        } else {
            self.signedRange = nil
        }
    }
}
