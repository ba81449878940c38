/// A line of the vending controller protocol that could not be parsed:
/// what was wrong and at which column (bytes, counting from 1).
public struct ControllerProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's stable name.
        public let name: String
        private init(_ name: String) { self.name = name }

        /// The line is longer than ``VendingProtocol/maximumLineLength``.
        public static let lineTooLong = Code("line-too-long")
        /// A byte that is not printable ASCII.
        public static let notPrintableASCII = Code("not-printable-ascii")
        /// The first word is no command (or no answer) of the protocol.
        public static let unknownKeyword = Code("unknown-keyword")
        /// An argument is missing.
        public static let missingArgument = Code("missing-argument")
        /// An argument is malformed or out of range.
        public static let badArgument = Code("bad-argument")
        /// Words follow the last argument.
        public static let extraArgument = Code("extra-argument")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The column (byte offset + 1) where the problem starts.
    public var column: Int
    /// A human-readable explanation.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, column: Int, _ reason: String) {
        self.code = code
        self.column = column
        self.reason = reason
    }

    /// The `ERR` reason a controller answers for a command with this error.
    public var errorReason: ControllerErrorReason {
        switch code {
        case .lineTooLong: return .lineTooLong
        case .unknownKeyword: return .unknownCommand
        default: return .badArgument
        }
    }

    public var description: String { "\(code) at column \(column): \(reason)" }
}
