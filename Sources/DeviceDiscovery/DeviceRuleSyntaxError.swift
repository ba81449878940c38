/// An error in the text form of a device rule, with the line and column where it was found.
///
/// Lines and columns count from 1; the column is that of the first character of the
/// offending `key=value` token (or of the value, for a bad value).
public struct DeviceRuleSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of syntax error.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The name of the code, stable for logs.
        public let name: String

        private init(_ name: String) { self.name = name }

        /// A token is not of the form `key=value`.
        public static let expectedKeyValue = Code("expectedKeyValue")
        /// The key is not one of `vendor`, `model`, `driver`, `devnode`, `name`, `role`.
        public static let unknownKey = Code("unknownKey")
        /// The same key appears twice in one rule.
        public static let duplicateKey = Code("duplicateKey")
        /// The value is empty or not valid for its key.
        public static let invalidValue = Code("invalidValue")
        /// The rule constrains none of vendor, model, driver, devnode.
        public static let unconstrained = Code("unconstrained")
        /// A line, or the number of rules, exceeds its bound.
        public static let tooLong = Code("tooLong")

        public var description: String { name }
    }

    /// The kind of syntax error.
    public var code: Code
    /// A sentence saying what is wrong.
    public var reason: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in characters (Unicode scalars) of the line.
    public var column: Int

    /// Creates an error.
    public init(_ code: Code, _ reason: String, line: Int, column: Int) {
        self.code = code
        self.reason = reason
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(code): \(reason)" }
}
