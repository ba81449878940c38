#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX extended regular expression for the KeyNote `~=` operator
/// (RFC 2704 section 5), matched by the C library with the calls libkeynote
/// makes: `regcomp(3)` with `REG_EXTENDED` and no other flag, `regexec(3)` with
/// flags 0, in the C locale. So the semantics are POSIX leftmost-longest over bytes, not
/// those of Swift `Regex`: `a|ab` on `xabc` matches `ab`, not `a`.
///
/// Groups are glibc's: when several splits give the same whole match, glibc does
/// not always follow POSIX's "each subexpression, left to right, as long as
/// possible" (XBD 9.1). `(a|ab)(c|bcd)(d*)` on `abcd` gives `a`, `bcd`, empty with
/// glibc, while POSIX and OpenBSD's libc (which libkeynote uses there) give `ab`,
/// `c`, `d`. This never changes whether or where the whole pattern matches.
///
/// Engine safety: before the pattern reaches `regcomp`, ``RegexPatternValidator``
/// refuses back-references and repetitions that would blow up, and both pattern
/// and subject are bounded by ``RegexLimits``; the worst cases measured within
/// those limits are in the documentation of ``RegexLimits``.
///
/// Immutable; an object so that passing it around counts one reference. It
/// may be kept and shared between threads: its compiled form is
/// replaced after a bounded amount of matching, so glibc's cache of DFA states
/// cannot grow without bound (see ``RegexProgram``).
///
/// NUL bytes: libkeynote hands the C library C strings, so it sees a pattern or
/// a subject only up to its first NUL. This type does the same: both are
/// truncated at their first NUL before anything else (limits apply to what remains).
final class POSIXRegex: Sendable {
    /// The pattern as compiled: the given bytes up to their first NUL.
    let pattern: [UInt8]
    /// The limits the pattern was checked against, and subjects will be.
    let limits: RegexLimits
    /// The pattern's size once glibc has unrolled its repetitions
    /// (see ``RegexLimits/maxExpandedSize``).
    let expandedSize: Int
    /// The number of parenthesized groups in the pattern (`re_nsub`); libkeynote
    /// stores it in the attribute `_0`.
    let numberOfGroups: Int
    /// The compiled form, renewed as matching adds up (see ``RegexProgram``).
    let program: RegexProgram

    /// Compiles the UTF-8 bytes of `pattern`; see ``init(bytes:limits:)``.
    convenience init(_ pattern: String, limits: RegexLimits = .default) throws(RegexError) {
        try self.init(bytes: Array(pattern.utf8), limits: limits)
    }

    /// Compiles `pattern`, up to its first NUL.
    ///
    /// Throws ``RegexError`` with code ``RegexError/Code/patternTooLong``,
    /// ``RegexError/Code/backReference``, ``RegexError/Code/repetitionTooLarge`` or
    /// ``RegexError/Code/patternTooComplex`` (the last three with the byte offset)
    /// for what the limits refuse; ``RegexError/Code/compileFailed`` with the
    /// `regerror(3)` text for what `regcomp(3)` refuses (libkeynote makes that a
    /// run-time error that turns the clause false); and
    /// ``RegexError/Code/unsupportedSyntax`` or ``RegexError/Code/localeUnavailable``
    /// for failures that should not happen.
    init(bytes pattern: [UInt8], limits: RegexLimits = .default) throws(RegexError) {
        let pattern = Self.truncatedAtNUL(pattern)
        guard pattern.count <= limits.maxPatternBytes else {
            throw RegexError(
                .patternTooLong,
                "pattern of \(pattern.count) bytes is over the limit of \(limits.maxPatternBytes)"
            )
        }
        let verdict = try RegexPatternValidator(limits: limits).validate(pattern)
        let compiled = try CompiledRegex(pattern: pattern)
        switch verdict {
        case .wellFormed(let expandedSize):
            self.expandedSize = expandedSize
        case .malformed(let offset):
            // The validator expected regcomp to refuse this; it did not, so the
            // validator's reading of the pattern cannot be trusted to bound its cost.
            throw RegexError(
                .unsupportedSyntax,
                "the pattern validator could not read this pattern, which regcomp accepts",
                offset: offset
            )
        }
        self.pattern = pattern
        self.limits = limits
        self.numberOfGroups = compiled.numberOfGroups
        self.program = RegexProgram(pattern: pattern, compiled: compiled, budget: limits.maxMatchWork)
    }

    /// Matches the UTF-8 bytes of `subject`; see ``match(bytes:)``.
    func match(_ subject: String) throws(RegexError) -> RegexMatch? {
        try match(bytes: Array(subject.utf8))
    }

    /// The longest subject this pattern may be matched against: the smaller of
    /// ``RegexLimits/maxSubjectBytes`` and ``RegexLimits/maxMatchWork`` divided by
    /// ``expandedSize``.
    var maxSubjectBytes: Int {
        min(limits.maxSubjectBytes, limits.maxMatchWork / max(expandedSize, 1))
    }

    /// Finds the leftmost-longest match in `subject`, up to its first NUL.
    ///
    /// Returns nil when there is no match. Throws ``RegexError/Code/subjectTooLong``
    /// when the subject is longer than ``maxSubjectBytes``, and
    /// ``RegexError/Code/matchFailed`` if `regexec(3)` fails (out of memory).
    func match(bytes subject: [UInt8]) throws(RegexError) -> RegexMatch? {
        let subject = Self.truncatedAtNUL(subject)
        try checkSubjectLength(subject.count)
        let work = max(subject.count, 1) * max(expandedSize, 1)
        guard let ranges = try program.compiled(forWork: work).execute(subject) else { return nil }
        return RegexMatch(subject: subject, ranges: ranges)
    }

    /// Finds the leftmost-longest match in `subject` (which must not contain
    /// NUL) with the same limits as ``match(bytes:)``, without copying: on a
    /// match, `onMatch` gets the offsets of the whole match and of each group,
    /// -1 for a group that did not participate.
    ///
    /// - Returns: whether the pattern matched.
    func match(_ subject: UnsafeBufferPointer<UInt8>,
               _ onMatch: (UnsafeBufferPointer<regmatch_t>) -> Void) throws(RegexError) -> Bool {
        try checkSubjectLength(subject.count)
        let work = max(subject.count, 1) * max(expandedSize, 1)
        return try program.compiled(forWork: work).execute(subject, onMatch)
    }

    /// Throws ``RegexError/Code/subjectTooLong`` for a subject longer than ``maxSubjectBytes``.
    private func checkSubjectLength(_ count: Int) throws(RegexError) {
        guard count > maxSubjectBytes else { return }
        if count > limits.maxSubjectBytes {
            throw RegexError(.subjectTooLong, "subject of \(count) bytes is over the limit of \(limits.maxSubjectBytes)")
        }
        throw RegexError(
            .subjectTooLong,
            "subject of \(count) bytes is over the limit of \(maxSubjectBytes) for a pattern "
                + "of expanded size \(expandedSize) (subject bytes × expanded size may be at most "
                + "\(limits.maxMatchWork))"
        )
    }

    /// `bytes` up to (not including) the first NUL, as a C function would see them.
    static func truncatedAtNUL(_ bytes: [UInt8]) -> [UInt8] {
        guard let nul = bytes.firstIndex(of: 0) else { return bytes }
        return Array(bytes[..<nul])
    }
}
