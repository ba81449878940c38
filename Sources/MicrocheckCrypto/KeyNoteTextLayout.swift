/// The layout in which `keynote keygen` and `keynote sign` print keys and
/// signatures (keynote(1); the reference's `print_key`), so that output can
/// be pasted into an assertion as a string literal with continuation lines
/// (RFC 2704 section 4.3.1).
public enum KeyNoteTextLayout {
    /// `text` as the reference prints it: `offset` spaces, a double quote,
    /// then the text broken into lines of `length` columns (counted from the
    /// quote, not the indentation; the first line's count includes the quote,
    /// every line's count includes its trailing backslash), each line but the
    /// last ending in a backslash and a newline and each continuation line
    /// starting with `offset` spaces; then a closing quote and a newline.
    ///
    /// keygen and sign use `offset` 12 and `length` 50 by default; `keynote
    /// sign ALG FILE KEY 0 100000` gives a single line. A `length` below 2
    /// never breaks (as in the reference); a negative `offset` counts as 0.
    /// One column per Unicode scalar (the reference counts bytes; the same for
    /// the ASCII text of keys and signatures).
    public static func wrapped(_ text: String, offset: Int = 12, length: Int = 50) -> String {
        let indent = String(repeating: " ", count: max(offset, 0))
        var output = indent + "\""
        // Column of the next character on the current line: the quote is at
        // column 1, so the first character is at column 2; a backslash is
        // written when a character would land on column `length`.
        var column = 2
        for scalar in text.unicodeScalars {
            if column == length {
                output += "\\\n" + indent
                column = 1
            }
            output.unicodeScalars.append(scalar)
            column += 1
        }
        return output + "\"\n"
    }
}
