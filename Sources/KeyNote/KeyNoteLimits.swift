/// Bounds on everything the engine accepts from a peer.
///
/// A payer writes the microcheck that a merchant evaluates, so every input is
/// hostile until checked. Each bound has a test with an input just over it (a
/// typed error) and one just under it (accepted).
///
/// The defaults are generous for real KeyNote use (an RSA-4096 assertion with a
/// dozen conditions is about 3 KiB) and small enough that the worst query stays
/// well under a millisecond of work per limit step.
public struct KeyNoteLimits: Sendable, Hashable {
    /// Largest assertion text, in bytes.
    public var maxAssertionBytes: Int = 64 * 1024
    /// Most fields in one assertion, counting leading comment lines.
    public var maxFields: Int = 64
    /// Deepest nesting of parentheses, blocks, `!`, `$` and unary operators in one field.
    public var maxNestingDepth: Int = 64
    /// Most tokens in one field.
    public var maxTokensPerField: Int = 8192
    /// Longest chain of delegations the checker follows from a POLICY assertion.
    public var maxDelegationDepth: Int = 32
    /// Most assertions in one session.
    public var maxAssertions: Int = 4096
    /// Most action attributes in one session.
    public var maxAttributes: Int = 1024
    /// Largest attribute name or value, in bytes.
    public var maxAttributeBytes: Int = 64 * 1024
    /// Most action authorizers in one session.
    public var maxAuthorizers: Int = 256
    /// Most compliance values in one query.
    public var maxComplianceValues: Int = 256
    /// Largest string an expression may build (by `.` concatenation), in bytes.
    public var maxStringBytes: Int = 64 * 1024
    /// Most bytes that the strings built by `.` in one clause (or one
    /// Licensees principal) may take together; they are kept until the
    /// clause is done.
    public var maxScratchBytes: Int = 1024 * 1024
    /// Work budget of one query: every expression node, assertion visit and
    /// regular-expression byte costs one step. A query that runs out fails with
    /// ``KeyNoteError/Code-swift.struct/budgetExhausted``; the caller refuses.
    public var maxQuerySteps: Int = 2_000_000
    /// Bounds on `~=` patterns and subjects.
    public var regex: RegexLimits = .default

    /// The defaults described on each property.
    public static let `default` = KeyNoteLimits()

    /// Creates the default limits; change properties to adjust.
    public init() {}
}
