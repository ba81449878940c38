/// Reads a POSIX extended regular expression the way glibc's `regcomp(3)` does
/// (`REG_EXTENDED`, i.e. `RE_SYNTAX_POSIX_EXTENDED`, C locale) to refuse what
/// would make matching slow before the pattern reaches the C library:
///
/// - back-references `\1`…`\9` (glibc accepts them in extended expressions;
///   they force a backtracking matcher that is exponential in the worst case);
/// - counted repetitions with a bound over ``RegexLimits/maxRepetitionBound``;
/// - patterns whose size, once glibc has unrolled every repetition into copies,
///   is over ``RegexLimits/maxExpandedSize`` (``RegexError/Code/repetitionTooLarge``
///   when a repetition operator pushes it over, ``RegexError/Code/patternTooComplex``
///   otherwise).
///
/// The reading follows glibc 2.36 `posix/regcomp.c`: a `\` escapes the next byte
/// outside bracket expressions and is literal inside them; a bracket expression's
/// first `]` (after an optional `^`) is literal; `[:`, `[.` and `[=` run to the
/// matching `:]`, `.]` or `=]`; `(` and `)` nest, and an unmatched `)` is literal;
/// `{` always opens an interval of digits and at most one comma; a repetition
/// operator needs something before it to repeat.
///
/// When the validator meets something glibc would reject (a trailing `\`, an
/// unterminated bracket, a bad interval, an operator with nothing to repeat) it
/// stops and reports the pattern as malformed; the caller then lets `regcomp`
/// produce its own error message, and treats a `regcomp` that succeeds anyway as
/// a disagreement (``RegexError/Code/unsupportedSyntax``).
struct RegexPatternValidator {
    /// What the validator concluded about a pattern it did not refuse.
    enum Verdict: Equatable {
        /// The whole pattern was read; its expanded size is given.
        case wellFormed(expandedSize: Int)
        /// glibc should refuse the pattern; reading stopped at this byte offset.
        case malformed(offset: Int)
    }

    /// One level of parenthesis nesting while reading.
    private struct Frame {
        /// Offset of the `(` that opened this group; -1 for the whole pattern.
        let openOffset: Int
        /// Size of the alternatives already closed by `|`, with their `|` nodes.
        var alternatives = 0
        /// Size of the current alternative, without its last item.
        var branch = 0
        /// Size of the last item of the current alternative if a repetition
        /// operator may apply to it; nil at the start of an alternative or after an anchor.
        var last: Int? = nil

        var total: Int { alternatives + branch + (last ?? 0) }

        /// Moves the last item into the branch: nothing can repeat it any more.
        mutating func commitLast() {
            branch += last ?? 0
            last = nil
        }
    }

    let limits: RegexLimits

    /// Reads `pattern` and refuses it with a ``RegexError`` naming the byte offset
    /// of a back-reference or an oversized repetition.
    func validate(_ pattern: [UInt8]) throws(RegexError) -> Verdict {
        var stack = [Frame(openOffset: -1)]
        var index = 0
        let count = pattern.count

        while index < count {
            let byte = pattern[index]
            let start = index
            switch byte {
            case UInt8(ascii: "\\"):
                guard index + 1 < count else { return .malformed(offset: start) }
                let escaped = pattern[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "1")...UInt8(ascii: "9"):
                    throw RegexError(
                        .backReference,
                        "back-reference \\\(Character(Unicode.Scalar(escaped))) is not allowed",
                        offset: start
                    )
                case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                    UInt8(ascii: "`"), UInt8(ascii: "'"):
                    anchor(&stack)  // GNU word and buffer anchors
                default:
                    atom(1, &stack)  // \w \W \s \S, or an escaped literal
                }
            case UInt8(ascii: "["):
                guard let end = Self.endOfBracketExpression(pattern, openingAt: index) else {
                    return .malformed(offset: start)
                }
                index = end
                atom(1, &stack)
            case UInt8(ascii: "("):
                index += 1
                stack[stack.count - 1].commitLast()
                stack.append(Frame(openOffset: start))
            case UInt8(ascii: ")") where stack.count > 1:
                index += 1
                let group = stack.removeLast()
                atom(group.total + 2, &stack)
            case UInt8(ascii: "|"):
                index += 1
                let top = stack.count - 1
                stack[top].alternatives += stack[top].branch + (stack[top].last ?? 0) + 1
                stack[top].branch = 0
                stack[top].last = nil
            case UInt8(ascii: "^"), UInt8(ascii: "$"):
                index += 1
                anchor(&stack)
            case UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "+"):
                index += 1
                guard stack[stack.count - 1].last != nil else { return .malformed(offset: start) }
                // glibc unrolls X+ into X X*; X* and X? stay one copy.
                try repeatLast(copies: byte == UInt8(ascii: "+") ? 2 : 1, at: start, &stack)
            case UInt8(ascii: "{"):
                guard let interval = Self.interval(pattern, openingAt: index) else {
                    return .malformed(offset: start)
                }
                index = interval.end
                guard stack[stack.count - 1].last != nil else { return .malformed(offset: start) }
                let largest = max(interval.lower, interval.upper ?? 0)
                if largest > limits.maxRepetitionBound {
                    throw RegexError(
                        .repetitionTooLarge,
                        "repetition bound \(largest) is over the limit of \(limits.maxRepetitionBound)",
                        offset: start
                    )
                }
                // glibc makes n copies of X for X{m,n}, m+1 for X{m,} (the last one starred).
                let copies: Int
                if let upper = interval.upper {
                    copies = max(upper, 1)
                } else {
                    copies = interval.lower + 1
                }
                try repeatLast(copies: copies, at: start, &stack)
            default:
                // Literals, '.', an unmatched ')', a lone '}'.
                index += 1
                atom(1, &stack)
            }
            let size = stack.reduce(0) { $0 + $1.total }
            if size > limits.maxExpandedSize {
                let isRepetition = [UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{")]
                    .contains(byte)
                throw RegexError(
                    isRepetition ? .repetitionTooLarge : .patternTooComplex,
                    "expanded pattern size \(size) is over the limit of \(limits.maxExpandedSize)",
                    offset: start
                )
            }
        }
        if stack.count > 1 {
            return .malformed(offset: stack[stack.count - 1].openOffset)  // unmatched '('
        }
        return .wellFormed(expandedSize: stack[0].total)
    }

    private func atom(_ size: Int, _ stack: inout [Frame]) {
        stack[stack.count - 1].commitLast()
        stack[stack.count - 1].last = size
    }

    private func anchor(_ stack: inout [Frame]) {
        stack[stack.count - 1].commitLast()
        stack[stack.count - 1].branch += 1
    }

    private func repeatLast(copies: Int, at offset: Int, _ stack: inout [Frame]) throws(RegexError) {
        let top = stack.count - 1
        let item = stack[top].last ?? 0
        let (product, overflow) = item.multipliedReportingOverflow(by: copies)
        let (size, overflow2) = product.addingReportingOverflow(copies)
        if overflow || overflow2 || size > limits.maxExpandedSize {
            let shown = overflow || overflow2 ? "too large" : "\(size)"
            throw RegexError(
                .repetitionTooLarge,
                "repetition expands to size \(shown), over the limit of \(limits.maxExpandedSize)",
                offset: offset
            )
        }
        stack[top].last = size
    }

    /// The offset just past the `]` closing the bracket expression whose `[` is at
    /// `open`, or nil if it is not closed.
    static func endOfBracketExpression(_ pattern: [UInt8], openingAt open: Int) -> Int? {
        let count = pattern.count
        var index = open + 1
        if index < count, pattern[index] == UInt8(ascii: "^") { index += 1 }
        if index < count, pattern[index] == UInt8(ascii: "]") { index += 1 }  // a first ']' is literal
        while index < count {
            let byte = pattern[index]
            if byte == UInt8(ascii: "]") { return index + 1 }
            if byte == UInt8(ascii: "["), index + 1 < count,
                let delimiter = [UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "=")]
                    .first(where: { $0 == pattern[index + 1] })
            {
                // [:class:], [.coll.], [=equiv=]: runs to the first delimiter followed by ']'.
                var scan = index + 2
                while scan + 1 < count, !(pattern[scan] == delimiter && pattern[scan + 1] == UInt8(ascii: "]")) {
                    scan += 1
                }
                guard scan + 1 < count else { return nil }
                index = scan + 2
                continue
            }
            index += 1
        }
        return nil
    }

    /// Reads the interval `{m}`, `{m,}`, `{,n}`, `{m,n}` or `{,}` whose `{` is at
    /// `open`; nil if glibc would refuse it. Numbers saturate above 32768 (glibc's
    /// `RE_DUP_MAX` + 1) so that they cannot overflow.
    static func interval(_ pattern: [UInt8], openingAt open: Int) -> (lower: Int, upper: Int?, end: Int)? {
        let count = pattern.count
        var index = open + 1
        func number() -> Int? {
            var value: Int? = nil
            while index < count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(pattern[index]) {
                value = min(32768, (value ?? 0) * 10 + Int(pattern[index] - UInt8(ascii: "0")))
                index += 1
            }
            return value
        }
        let lower = number()
        guard index < count else { return nil }
        if pattern[index] == UInt8(ascii: "}") {
            guard let lower else { return nil }  // "{}"
            return (lower, lower, index + 1)
        }
        guard pattern[index] == UInt8(ascii: ",") else { return nil }
        index += 1
        let upper = number()
        guard index < count, pattern[index] == UInt8(ascii: "}") else { return nil }
        let low = lower ?? 0
        if let upper, upper < low { return nil }
        return (low, upper, index + 1)
    }
}
