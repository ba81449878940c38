/// Where in a piece of KeyNote text something was found.
///
/// Lines and columns count from 1; columns count bytes of the UTF-8 text, as the
/// reference implementation (a C program) sees them. `offset` is the byte offset
/// from the start of the text that was given to the engine.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The line, counting from 1.
    public var line: Int
    /// The column in bytes, counting from 1.
    public var column: Int
    /// The byte offset from the start of the text, counting from 0.
    public var offset: Int

    /// Creates a location from its parts.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// Computes the line and column of `offset` in `text`.
    public init(offset: Int, in text: [UInt8]) {
        var line = 1
        var lineStart = 0
        let end = min(offset, text.count)
        var index = 0
        while index < end {
            if text[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        self.init(line: line, column: offset - lineStart + 1, offset: offset)
    }

    public var description: String { "line \(line), column \(column)" }
}

/// An error of the KeyNote engine: what went wrong, why, and where.
///
/// Errors caused by the input (a malformed assertion, a hostile expression, an
/// exhausted budget) are all reported this way; nothing in the engine traps on input.
public struct KeyNoteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's stable name.
        public let name: String
        private init(_ name: String) { self.name = name }

        /// Malformed text: an assertion, a field, an environment or authorizer file (RFC 2704 section 4).
        public static let syntax = Code("syntax")
        /// An input exceeded one of the ``KeyNoteLimits``.
        public static let limitExceeded = Code("limit-exceeded")
        /// A query exceeded its evaluation budget (``KeyNoteLimits/maxQuerySteps``).
        public static let budgetExhausted = Code("budget-exhausted")
        /// An action attribute was rejected (a name starting with `_`, RFC 2704 section 5.1).
        public static let invalidAttribute = Code("invalid-attribute")
        /// An action authorizer could not be parsed or decoded.
        public static let invalidAuthorizer = Code("invalid-authorizer")
        /// A query was made without action authorizers or compliance values.
        public static let incompleteQuery = Code("incomplete-query")
        /// The query failed as a whole, as the reference's does: an assertion's
        /// Authorizer field could not be parsed or decoded.
        public static let queryFailed = Code("query-failed")
        /// Signing failed: no Signature field, a mismatched key or algorithm.
        public static let signing = Code("signing")

        public var description: String { name }
    }

    /// The fields, in one immutable box: an error is copied (into the
    /// parse results an ``Assertion`` keeps, out of every throwing call) far
    /// more often than it is changed, and a box copies as one reference.
    private final class Fields: Sendable {
        let code: Code
        let reason: String
        let location: SourceLocation?
        let assertion: Int?

        init(_ code: Code, _ reason: String, _ location: SourceLocation?, _ assertion: Int?) {
            self.code = code
            self.reason = reason
            self.location = location
            self.assertion = assertion
        }
    }

    private var fields: Fields

    /// The kind of failure.
    public var code: Code {
        get { fields.code }
        set { fields = Fields(newValue, reason, location, assertion) }
    }
    /// A sentence that says what was wrong.
    public var reason: String {
        get { fields.reason }
        set { fields = Fields(code, newValue, location, assertion) }
    }
    /// Where in the text, when the error comes from text.
    public var location: SourceLocation? {
        get { fields.location }
        set { fields = Fields(code, reason, newValue, assertion) }
    }
    /// The position of the assertion in its session (in the order added),
    /// when a query failed because of one assertion.
    public var assertion: Int? {
        get { fields.assertion }
        set { fields = Fields(code, reason, location, newValue) }
    }

    /// Creates an error.
    public init(_ code: Code, _ reason: String, at location: SourceLocation? = nil, assertion: Int? = nil) {
        fields = Fields(code, reason, location, assertion)
    }

    /// Same code, reason, location and assertion.
    public static func == (lhs: KeyNoteError, rhs: KeyNoteError) -> Bool {
        lhs.fields === rhs.fields
            || (lhs.code == rhs.code && lhs.reason == rhs.reason && lhs.location == rhs.location
                && lhs.assertion == rhs.assertion)
    }

    /// Hashes the code, reason, location and assertion.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(reason)
        hasher.combine(location)
        hasher.combine(assertion)
    }

    public var description: String {
        var text = "\(code): "
        if let assertion { text += "assertion \(assertion): " }
        text += reason
        if let location { text += " (at \(location))" }
        return text
    }
}
