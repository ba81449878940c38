/// Bounds on the POSIX regular expressions of the KeyNote `~=` operator
/// (RFC 2704 section 5, keynote(4) "regular expression comparison"), which the
/// engine matches with glibc's `regcomp`/`regexec` like libkeynote does.
///
/// glibc matches with a lazily built DFA; the only backtracking part,
/// back-references, is refused outright. What remains costly, and what each
/// limit is for:
/// - `regcomp` unrolls counted repetitions into copies, so nested bounds
///   multiply (`(a{1,255}){1,255}` is 65 025 copies): ``maxRepetitionBound``,
///   ``maxExpandedSize``.
/// - `regexec` restarts the DFA at every possible start of a match, so a failed
///   search over n bytes takes up to n²/2 steps (`(a|aa)*c` on 16 384 `a`s:
///   about 400 ms): ``maxSubjectBytes``.
/// - The DFA's state cache is unbounded: a pattern that must remember which of
///   its last k bytes were `a` (`.*a.{k}c`) adds states at nearly every step,
///   each costing time and memory in proportion to the pattern's size. With
///   16 384-byte subjects and no other bound, `[ab]*a[ab]{16}c|z` took 4.6 s,
///   `(a|b)*a(a|b){84}$` grew the process by 190 MiB, and nine such cases did not
///   finish five runs in 30 s: ``maxMatchWork``.
///
/// Worst cases within the defaults, measured by `tools/regex-worst-case`
/// (Debian 12, glibc 2.36, 2 vCPUs shared with other work, release build;
/// medians of 7 runs, subjects as long as the limits allow for each pattern):
/// - slowest match: 12.4 ms, `(a|b)*a(a|b){2}$` on 1 638 bytes of random
///   `a`/`b`, no match; slowest single run 17 ms (`.*a.{62}c` on 256 bytes);
/// - slowest compile: 0.3 ms, 42 nested groups `((…(a)*…)*)*` (127 bytes);
/// - most memory: 10.8 MiB of peak RSS growth for one match (`.*a.{62}c` on
///   256 bytes of random `a`/`b`), 15.2 MiB for one compiled pattern matched
///   against 40 different such subjects (it is recompiled as work adds up);
/// - typical patterns such as `^(VEND|SNACK)-[0-9]{1,6}$`: a few microseconds
///   to compile and to match.
///
/// With a 4 096-byte subject limit the slowest match was 27 ms (the quadratic
/// restart, e.g. on `(a|aa)*c`), which is why the default is 2 048. Reproduce with
/// `swift run -c release --package-path tools/regex-worst-case`; it also takes
/// other limits (`--max-subject 4096`, …).
///
/// Every pattern the defaults accept may be matched against subjects of at
/// least ``maxMatchWork`` / ``maxExpandedSize`` = 256 bytes.
public struct RegexLimits: Sendable, Hashable {
    /// Longest pattern accepted, in bytes (after truncation at the first NUL).
    /// Few patterns get near it: ``maxExpandedSize`` refuses long literals first;
    /// bracket expressions are long in bytes but small once expanded.
    public var maxPatternBytes: Int
    /// Longest subject accepted for any pattern, in bytes (after truncation at the
    /// first NUL). ``maxMatchWork`` lowers it for larger patterns.
    public var maxSubjectBytes: Int
    /// Largest bound allowed in a counted repetition `{m}`, `{m,}`, `{,n}` or `{m,n}`.
    /// glibc's own ceiling is `RE_DUP_MAX`, 32767; POSIX guarantees only 255.
    /// With the default ``maxExpandedSize`` a bound over 63 is refused anyway;
    /// this limit gives the clearer error for absurd bounds.
    public var maxRepetitionBound: Int
    /// Largest expanded size allowed: the pattern's size once every repetition is
    /// unrolled the way glibc's `regcomp` does (`X{m,n}` becomes `n` copies of `X`,
    /// `X+` two copies), so nested bounds multiply: `(a{1,20}){1,30}` is about
    /// 20 × 30 copies of `a`. Each literal, bracket expression, anchor or `.` counts
    /// 1, a group adds 2, an alternative 1, and each copy made by a repetition 1.
    public var maxExpandedSize: Int
    /// Largest product of a subject's length in bytes and the pattern's expanded
    /// size: a pattern of expanded size e takes subjects of at most
    /// `min(maxSubjectBytes, maxMatchWork / e)` bytes. A failed search costs up to
    /// (subject length)² DFA steps, and a step costs more the more pattern
    /// positions the DFA tracks at once, which grows with the expanded size.
    public var maxMatchWork: Int

    /// Creates limits. Values are not checked: 0 or less makes the corresponding
    /// check refuse (nearly) everything.
    public init(
        maxPatternBytes: Int = 1024,
        maxSubjectBytes: Int = 2048,
        maxRepetitionBound: Int = 255,
        maxExpandedSize: Int = 128,
        maxMatchWork: Int = 32768
    ) {
        self.maxPatternBytes = maxPatternBytes
        self.maxSubjectBytes = maxSubjectBytes
        self.maxRepetitionBound = maxRepetitionBound
        self.maxExpandedSize = maxExpandedSize
        self.maxMatchWork = maxMatchWork
    }

    /// The limits the KeyNote engine uses unless told otherwise.
    public static let `default` = RegexLimits()
}
