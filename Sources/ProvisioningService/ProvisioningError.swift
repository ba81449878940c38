/// Why the provisioning service refused or failed, with the HTTP answer it
/// becomes: a stable code for machines and a reason that says what and where.
public struct ProvisioningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Compare against the `static let`s.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as it appears in a Problem body, e.g. `device-lost`.
        public let name: String
        /// The HTTP status it is answered with.
        public let status: Int

        private init(_ name: String, _ status: Int) {
            self.name = name
            self.status = status
        }

        /// The request or a file cannot be read.
        public static let malformed = Code("malformed", 400)
        /// No valid signature or token.
        public static let unauthenticated = Code("unauthenticated", 401)
        /// The key is not enrolled.
        public static let notEnrolled = Code("not-enrolled", 403)
        /// The payer's device was reported lost: nothing more for this key.
        public static let deviceLost = Code("device-lost", 403)
        /// Clearing reports the payer suspended.
        public static let suspended = Code("suspended", 403)
        /// The strategy issues no credential at the payer's standing.
        public static let notIssued = Code("not-issued", 403)
        /// Authenticated, but not allowed to act on this payer.
        public static let forbidden = Code("forbidden", 403)
        /// A payer or key that does not exist.
        public static let notFound = Code("not-found", 404)
        /// The key is already enrolled.
        public static let alreadyEnrolled = Code("already-enrolled", 409)
        /// The body is larger than the service accepts.
        public static let tooLarge = Code("too-large", 413)
        /// Clearing cannot be reached and the fallback policy refuses.
        public static let clearingUnavailable = Code("clearing-unavailable", 503)
        /// The registry, a key file or the signer failed.
        public static let storage = Code("storage", 500)
        /// A configuration or key-file problem found before serving.
        public static let configuration = Code("configuration", 500)

        /// The code's name.
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
    public var description: String { "\(code.name): \(reason)" }
}
