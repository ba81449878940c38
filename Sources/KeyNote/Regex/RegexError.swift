/// Why a `~=` pattern could not be compiled or a subject could not be matched.
///
/// Shaped like the errors of swift-certificates: a ``Code`` of `static let`s, a
/// human-readable reason, and where in the input the problem is.
struct RegexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; compare with the `static let`s.
    struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case patternTooLong
            case subjectTooLong
            case backReference
            case repetitionTooLarge
            case patternTooComplex
            case compileFailed
            case unsupportedSyntax
            case matchFailed
            case localeUnavailable
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The pattern is longer than ``RegexLimits/maxPatternBytes``.
        static let patternTooLong = Code(.patternTooLong)
        /// The subject is longer than ``RegexLimits/maxSubjectBytes``.
        static let subjectTooLong = Code(.subjectTooLong)
        /// The pattern contains a back-reference `\1`…`\9`, which glibc accepts in
        /// extended expressions as an extension and which makes matching exponential.
        static let backReference = Code(.backReference)
        /// A counted repetition `{m,n}` has a bound over ``RegexLimits/maxRepetitionBound``,
        /// or a repetition operator takes the pattern's expanded size over
        /// ``RegexLimits/maxExpandedSize``.
        static let repetitionTooLarge = Code(.repetitionTooLarge)
        /// The pattern's expanded size is over ``RegexLimits/maxExpandedSize``
        /// without a repetition to blame (e.g. a very long literal).
        static let patternTooComplex = Code(.patternTooComplex)
        /// `regcomp(3)` rejected the pattern; the reason carries the `regerror(3)` text.
        static let compileFailed = Code(.compileFailed)
        /// `regcomp(3)` accepted a pattern that the validator could not read, so its
        /// cost could not be bounded. Not expected to happen; report it as a bug.
        static let unsupportedSyntax = Code(.unsupportedSyntax)
        /// `regexec(3)` failed with something other than "no match" (e.g. out of memory).
        static let matchFailed = Code(.matchFailed)
        /// The C locale object could not be created (`newlocale(3)` failed).
        static let localeUnavailable = Code(.localeUnavailable)

        /// The code's name, e.g. `backReference`.
        var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    let code: Code
    /// A sentence for people, e.g. the `regerror(3)` text for ``Code/compileFailed``.
    let reason: String
    /// Byte offset in the pattern where the problem is, when one is known
    /// (the `\` of a back-reference, the operator of an oversized repetition).
    let offset: Int?

    /// Creates an error.
    init(_ code: Code, _ reason: String, offset: Int? = nil) {
        self.code = code
        self.reason = reason
        self.offset = offset
    }

    /// `code: reason`, followed by ` (at byte N of the pattern)` when ``offset`` is known.
    var description: String {
        if let offset {
            return "\(code): \(reason) (at byte \(offset) of the pattern)"
        }
        return "\(code): \(reason)"
    }
}
