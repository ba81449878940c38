/// A token of one of KeyNote's field languages (RFC 2704 sections 4.6.4, 4.6.5, 4.7).
///
/// Strings and names are byte ranges of the assertion text, so tokens are
/// plain values: the parser copies (and unescapes) only what it keeps.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case openParen, closeParen, and, or, not
        case plus, minus, times, divide, modulo, power
        case hint, openBlock, closeBlock, semicolon
        case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual, matches
        case concatenate, dereference, toInteger, toFloat
        case trueLiteral, falseLiteral
        case assign, comma
        case threshold(Int32)
        case integer(Int32)
        case float(Double)
        /// A quoted literal's bytes between the quotes, still escaped, or
        /// the digits of a KeyNote-Version (which unescape to themselves).
        case string(Range<Int>)
        /// An attribute or constant name.
        case name(Range<Int>)
        case end
    }

    var kind: Kind
    /// Byte offset of the token in the assertion text.
    var offset: Int
}
