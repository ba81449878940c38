/// An error of the microbilling rules: what went wrong, why, and where.
///
/// `location` names the place in a file (line and column) for errors in a
/// risk-strategy file, and is nil for errors of values built in code.
public struct MicrobillingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of error, for programs to branch on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        init(_ name: String) { self.name = name }

        /// A value (amount, name, date, nonce...) is outside what the rules accept.
        public static let invalidValue = Code("invalidValue")
        /// A risk-strategy file cannot be read.
        public static let invalidStrategy = Code("invalidStrategy")
        /// A credential, microcheck or other assertion could not be written or read.
        public static let invalidAssertion = Code("invalidAssertion")
        /// A key could not be used (wrong kind, cannot sign).
        public static let keyFailure = Code("keyFailure")
        /// A store failed; nothing was recorded.
        public static let storage = Code("storage")
        /// No held credential authorizes the offer.
        public static let noCredential = Code("noCredential")
        /// The payer (or the payer's spending policy) declined the offer.
        public static let declined = Code("declined")

        public var description: String { name }
    }

    /// A place in a text file.
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        /// Line, counting from 1.
        public var line: Int
        /// Column, counting from 1.
        public var column: Int

        /// Creates a location.
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public var description: String { "line \(line), column \(column)" }
    }

    /// The kind of error.
    public var code: Code
    /// What went wrong, for a person.
    public var reason: String
    /// Where in a file, when the error comes from one.
    public var location: Location?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, at location: Location? = nil) {
        self.code = code
        self.reason = reason
        self.location = location
    }

    public var description: String {
        if let location { return "\(code) at \(location): \(reason)" }
        return "\(code): \(reason)"
    }
}
