/// Why a ``PassphraseSealedBox`` could not seal or open.
public struct SealedBoxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Compare against the `static let`s.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The text is not a sealed box of a known format; the reason names the field.
        public static let malformed = Code("malformed")
        /// An empty passphrase, or an iteration count outside the accepted range.
        public static let weakParameters = Code("weakParameters")
        /// The passphrase is wrong or the sealed text was altered (GCM's tag does not verify).
        public static let authenticationFailed = Code("authenticationFailed")
        /// OpenSSL failed (memory, random generator, provider).
        public static let openSSL = Code("openSSL")

        /// The code's name, e.g. `authenticationFailed`.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed and where, for a person.
    public var reason: String

    /// Makes an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`.
    public var description: String { "\(code): \(reason)" }
}
