/// A string value while expressions are evaluated: a byte range in one of
/// the places strings live, so that reading an attribute or a literal copies
/// nothing.
struct StringValue: Sendable {
    /// Where the bytes are.
    enum Space: UInt8, Sendable {
        /// The assertion's literals and Local-Constants (``ExpressionProgram/bytes``).
        case program
        /// The session's action attributes (``AttributeTable/View/bytes``).
        case attributes
        /// Strings the evaluation built: concatenations, `_0`.
        case scratch
        /// The query's special attributes (``QueryEnvironment/specials``).
        case environment
    }

    var space: Space
    var start: Int32
    var count: Int32

    /// The empty string.
    static let empty = StringValue(space: .program, start: 0, count: 0)
}
