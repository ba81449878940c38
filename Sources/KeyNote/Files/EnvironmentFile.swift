/// The files of the `keynote verify` tool (keynote(1)): the environment file
/// given with `-e` and the authorizer files given with `-k`.
///
/// An environment file holds one or more `name = "value"` lines; names start
/// with a letter or digit and go on with letters, digits and `_`; values are
/// string literals with the RFC 2704 escapes; `#` starts a comment where a
/// name may start. As in the reference, a byte that cannot start a name ends
/// the file quietly once at least one attribute is complete (`_MAX_TRUST = "x"`
/// after `a = "1"` leaves only `a` set). An authorizer file holds one string
/// literal, with optional comments and whitespace around it, and nothing else.
public enum KeyNoteFiles {
    /// Parses an environment file into its attributes, in order.
    ///
    /// - Throws: ``KeyNoteError`` with the line and column of the first error;
    ///   an empty file is an error, as in the reference.
    /// Names and values are bytes: an escape such as `\377` makes a value that
    /// is not UTF-8, and it must reach the query unchanged.
    public static func parseEnvironment(_ text: [UInt8]) throws(KeyNoteError) -> [(name: [UInt8], value: [UInt8])] {
        var reader = Reader(text: text)
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        while true {
            reader.skip(comments: true)
            if reader.atEnd { break }
            if !pairs.isEmpty, !reader.atNameStart { break }
            let name = try reader.name()
            reader.skip(comments: false)
            try reader.expect(UInt8(ascii: "="), "'=' after the attribute name")
            reader.skip(comments: false)
            let value = try reader.literal()
            pairs.append((name, value))
        }
        guard !pairs.isEmpty else {
            throw reader.error("environment file defines no attribute")
        }
        return pairs
    }

    /// Parses an authorizer file (or a key file written by `keynote keygen`)
    /// into the bytes of the principal it names.
    public static func parseAuthorizer(_ text: [UInt8]) throws(KeyNoteError) -> [UInt8] {
        var reader = Reader(text: text)
        reader.skip(comments: true)
        let value = try reader.literal()
        reader.skip(comments: true)
        guard reader.atEnd else { throw reader.error("only one quoted principal may appear in an authorizer file") }
        return value
    }

    private struct Reader {
        let text: [UInt8]
        var position = 0

        var atEnd: Bool { position >= text.count }

        var atNameStart: Bool {
            position < text.count && (CText.isLetter(text[position]) || CText.isDigit(text[position]))
        }

        func error(_ reason: String) -> KeyNoteError {
            KeyNoteError(.syntax, reason, at: SourceLocation(offset: position, in: text))
        }

        mutating func skip(comments: Bool) {
            while position < text.count {
                let byte = text[position]
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                    position += 1
                } else if comments, byte == UInt8(ascii: "#") {
                    while position < text.count, text[position] != UInt8(ascii: "\n") { position += 1 }
                } else {
                    return
                }
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(KeyNoteError) {
            guard position < text.count, text[position] == byte else { throw error("expected \(what)") }
            position += 1
        }

        mutating func name() throws(KeyNoteError) -> [UInt8] {
            let start = position
            guard position < text.count, CText.isLetter(text[position]) || CText.isDigit(text[position]) else {
                throw error("expected an attribute name (a letter or digit first)")
            }
            while position < text.count,
                  CText.isLetter(text[position]) || CText.isDigit(text[position]) || text[position] == UInt8(ascii: "_") {
                position += 1
            }
            return Array(text[start..<position])
        }

        /// A literal whose backslash always escapes the next byte; no raw newline inside.
        mutating func literal() throws(KeyNoteError) -> [UInt8] {
            guard position < text.count, text[position] == UInt8(ascii: "\"") else { throw error("expected a quoted string") }
            let open = position
            var index = open + 1
            while true {
                guard index < text.count else {
                    position = open
                    throw error("unterminated string")
                }
                let byte = text[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                } else if byte == UInt8(ascii: "\"") {
                    break
                } else if byte == UInt8(ascii: "\n") || byte == 0 {
                    position = index
                    throw error("newline inside a string")
                } else {
                    index += 1
                }
            }
            position = index + 1
            return StringLiteral.unescape(text, from: open + 1, to: index)
        }
    }
}
