import Glibc

/// A KeyNote query session (RFC 2704 section 5; the reference's `kn_init`,
/// `kn_add_assertion`, `kn_add_action`, `kn_add_authorizer`, `kn_do_query`).
///
/// Add trusted policies and untrusted credentials, set the action attributes
/// and the action authorizers, then ask for the compliance value among an
/// ordered list of values, weakest first:
///
/// ```swift
/// var session = KeyNoteSession()
/// try session.addPolicy(policyText)
/// try session.addCredential(credentialText)
/// try session.setAttribute("app_domain", "microcheck")
/// try session.addAuthorizer(merchantKey)
/// let answer = try session.query(values: ["false", "true"])
/// ```
///
/// A session is a value: copies are independent. Parsed ``Assertion``s may be
/// shared between sessions and threads.
public struct KeyNoteSession: Sendable {
    /// The limits that bound this session's inputs and queries.
    public let limits: KeyNoteLimits
    private(set) var entries: [Entry] = []
    private var attributes = AttributeTable()
    private var authorizerTexts: [[UInt8]] = []
    private var authorizerPrincipals: [Principal] = []

    struct Entry: Sendable {
        let assertion: Assertion
        let trusted: Bool
    }

    /// Creates an empty session.
    public init(limits: KeyNoteLimits = .default) {
        self.limits = limits
    }

    /// Adds a trusted (local) assertion; its signature is not checked and its
    /// Authorizer may be `"POLICY"` (RFC 2704 section 4.6.2).
    @discardableResult
    public mutating func addPolicy(_ text: String) throws(KeyNoteError) -> Assertion {
        let assertion = try Assertion(parsing: text, limits: limits)
        try add(assertion, trusted: true)
        return assertion
    }

    /// Adds an untrusted assertion (a credential): it counts only with a valid
    /// signature by its Authorizer's key.
    @discardableResult
    public mutating func addCredential(_ text: String) throws(KeyNoteError) -> Assertion {
        let assertion = try Assertion(parsing: text, limits: limits)
        try add(assertion, trusted: false)
        return assertion
    }

    /// Adds an already parsed assertion.
    public mutating func add(_ assertion: Assertion, trusted: Bool) throws(KeyNoteError) {
        guard entries.count < limits.maxAssertions else {
            throw KeyNoteError(.limitExceeded, "session already holds \(limits.maxAssertions) assertions")
        }
        entries.append(Entry(assertion: assertion, trusted: trusted))
    }

    /// Sets an action attribute (RFC 2704 section 5.1). A later value for the
    /// same name replaces the earlier one.
    ///
    /// - Throws: ``KeyNoteError/Code-swift.struct/invalidAttribute`` for an
    ///   empty name or one that starts with `_` (reserved), or a NUL byte.
    public mutating func setAttribute(_ name: String, _ value: String) throws(KeyNoteError) {
        // Native strings are read in place; others (bridged, say) are copied first.
        let outcome = name.utf8.withContiguousStorageIfAvailable { name in
            value.utf8.withContiguousStorageIfAvailable { value in
                Result { () throws(KeyNoteError) in try setAttribute(name: name, value: value) }
            }
        }
        guard let outcome = outcome ?? nil else {
            return try setAttribute(Array(name.utf8), Array(value.utf8))
        }
        try outcome.get()
    }

    /// Sets an action attribute from bytes.
    public mutating func setAttribute(_ name: [UInt8], _ value: [UInt8]) throws(KeyNoteError) {
        let outcome = name.withUnsafeBufferPointer { name in
            value.withUnsafeBufferPointer { value in
                Result { () throws(KeyNoteError) in try setAttribute(name: name, value: value) }
            }
        }
        try outcome.get()
    }

    private mutating func setAttribute(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) throws(KeyNoteError) {
        guard let first = name.first, first != UInt8(ascii: "_") else {
            throw KeyNoteError(.invalidAttribute, name.isEmpty ? "empty attribute name" : "attribute names starting with '_' are reserved")
        }
        guard !Self.containsNUL(name), !Self.containsNUL(value) else {
            throw KeyNoteError(.invalidAttribute, "NUL byte in attribute \(String(decoding: name, as: UTF8.self))")
        }
        guard name.count <= limits.maxAttributeBytes, value.count <= limits.maxAttributeBytes else {
            throw KeyNoteError(.limitExceeded, "attribute larger than \(limits.maxAttributeBytes) bytes")
        }
        guard attributes.set(name, value, limit: limits.maxAttributes) else {
            throw KeyNoteError(.limitExceeded, "session already holds \(limits.maxAttributes) attributes")
        }
    }

    private static func containsNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, 0, bytes.count) != nil
    }

    /// Adds an action authorizer: the principal that asks for the action,
    /// usually a key (`"rsa-base64:..."`) or an opaque name.
    ///
    /// - Throws: ``KeyNoteError/Code-swift.struct/invalidAuthorizer`` when the
    ///   principal carries a key prefix but does not decode.
    public mutating func addAuthorizer(_ principal: String) throws(KeyNoteError) {
        try addAuthorizer(principal.utf8Bytes)
    }

    /// Adds an action authorizer given as bytes (see ``addAuthorizer(_:)-(String)``).
    public mutating func addAuthorizer(_ bytes: [UInt8]) throws(KeyNoteError) {
        guard authorizerTexts.count < limits.maxAuthorizers else {
            throw KeyNoteError(.limitExceeded, "session already holds \(limits.maxAuthorizers) authorizers")
        }
        let decoded: Principal
        do {
            decoded = try Principal.decode(bytes)
        } catch {
            throw KeyNoteError(.invalidAuthorizer, error.reason)
        }
        authorizerTexts.append(bytes)
        authorizerPrincipals.append(decoded)
    }

    /// Asks for the compliance value of the action (RFC 2704 section 5.2).
    ///
    /// - Parameter values: the compliance values, weakest first.
    /// - Returns: the answer, with diagnostics about assertions that were
    ///   reached but failed.
    /// - Throws: ``KeyNoteError`` when the query cannot be answered: no
    ///   authorizer or no value, an assertion whose Authorizer cannot be read
    ///   (as in the reference), or an exhausted budget or limit.
    public func query(values: [String]) throws(KeyNoteError) -> QueryResult {
        guard !authorizerPrincipals.isEmpty else {
            throw KeyNoteError(.incompleteQuery, "no action authorizer was given")
        }
        guard !values.isEmpty else {
            throw KeyNoteError(.incompleteQuery, "no compliance values were given")
        }
        guard values.count <= limits.maxComplianceValues else {
            throw KeyNoteError(.limitExceeded, "more than \(limits.maxComplianceValues) compliance values")
        }
        return try attributes.withView { (view) throws(KeyNoteError) -> QueryResult in
            let environment = QueryEnvironment(values: values, attributes: view, authorizerTexts: authorizerTexts)
            let checker = try ComplianceChecker(entries: entries, environment: environment,
                                                authorizers: authorizerPrincipals, limits: limits)
            let index = try checker.run()
            return QueryResult(index: index, value: values[index], diagnostics: checker.diagnostics,
                               signatureVerifications: checker.signatureVerifications)
        }
    }
}

/// The answer to a query.
public struct QueryResult: Sendable, Hashable {
    /// The position of the answer in the compliance values.
    public var index: Int
    /// The compliance value itself.
    public var value: String
    /// Assertions the query reached that failed, in the order they were added.
    public var diagnostics: [AssertionDiagnostic]
    /// How many signatures the query verified; an ``Assertion`` reused across
    /// sessions verifies its signature once.
    public var signatureVerifications: Int
}

/// Why an assertion did not contribute to a query.
public struct AssertionDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Hashable {
        /// A field could not be parsed or evaluated (the reference's "syntax or semantic error").
        case syntax
        /// The signature did not verify.
        case signature
    }

    /// The position of the assertion in the session, in the order added.
    public var assertion: Int
    /// The kind of failure.
    public var kind: Kind
    /// The underlying error, for syntax failures.
    public var error: KeyNoteError?

    public var description: String {
        switch kind {
        case .signature: return "assertion \(assertion): signature verification failed"
        case .syntax: return "assertion \(assertion): \(error.map(String.init(describing:)) ?? "syntax error")"
        }
    }
}
