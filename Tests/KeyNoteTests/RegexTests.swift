#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

@testable import KeyNote

/// Semantics of the `~=` matcher: POSIX extended, leftmost-longest, bytes in the
/// C locale, as libkeynote gets from `regcomp`/`regexec`.
@Suite("POSIX regular expressions for ~=")
struct RegexTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("(a|ab)(c|bcd)(d*) on abcd: whole match leftmost-longest, groups as glibc assigns them")
    func leftmostLongestGroups() throws {
        let regex = try POSIXRegex("(a|ab)(c|bcd)(d*)")
        let match = try #require(try regex.match("abcd"))
        // POSIX (XBD 9.1) and OpenBSD's libc give ab, c, d; glibc gives a, bcd and
        // the empty string. The whole match is all of abcd either way.
        #expect(match.ranges == [0..<4, 0..<1, 1..<4, 4..<4])
        #expect(match.string(1) == "a")
        #expect(match.string(2) == "bcd")
        #expect(match.string(3) == "")
    }

    @Test("the longest match wins at the leftmost start")
    func longestAlternative() throws {
        // A backtracking engine (Swift Regex, PCRE) would stop at "a".
        let match = try #require(try POSIXRegex("a|ab|abc").match("xxabcd"))
        #expect(match.ranges[0] == 2..<5)
        let groups = try #require(try POSIXRegex("(a*)(a|b)*").match("aab"))
        #expect(groups.string(0) == "aab")
        #expect(groups.string(1) == "aa")
        let later = try #require(try POSIXRegex("b+|a+b*").match("cabbb"))
        #expect(later.string(0) == "abbb")
    }

    @Test("a group that did not take part is nil; one that matched empty is empty")
    func unmatchedGroups() throws {
        let alternation = try #require(try POSIXRegex("(a)|(b)").match("b"))
        #expect(alternation[1] == nil)
        #expect(alternation.string(2) == "b")
        let empty = try #require(try POSIXRegex("x(a*)").match("x"))
        #expect(empty.string(1) == "")
        let optional = try #require(try POSIXRegex("x(a)?(y)").match("xy"))
        #expect(optional[1] == nil)
        #expect(optional.string(2) == "y")
    }

    @Test("after a match, _0 is re_nsub and _1… stop at the first group that did not take part")
    func matchGroups() throws {
        func holds(_ pattern: String, _ subject: String, _ groups: String) -> Bool {
            Query.value(of: "x ~= \"\(pattern)\" && \(groups);", attributes: [("x", subject)]) == "true"
        }
        #expect(holds("(a)(b)", "ab", "_0 == \"2\" && _1 == \"a\" && _2 == \"b\""))
        #expect(holds("(a)|(b)", "b", "_0 == \"2\" && _1 == \"\" && _2 == \"\""))
        #expect(holds("(x)(a)?(y)", "xy", "_0 == \"3\" && _1 == \"x\" && _3 == \"\""))
        #expect(holds("x(a*)", "x", "_0 == \"1\" && _1 == \"\""))
        #expect(holds("abc", "abc", "_0 == \"0\""))
        // A group was set where a plain attribute of that value would also match.
        #expect(!holds("(a)(b)", "ab", "_1 == \"b\""))
    }

    @Test("_0 is the same whether the pattern is a literal (compiled with the assertion) or read from an attribute")
    func groupCountOfLiteralAndDynamicPatterns() throws {
        let attributes = [("x", "ab"), ("p", "(a)(b)")]
        #expect(Query.value(of: "x ~= \"(a)(b)\" && _0 == \"2\";", attributes: attributes) == "true")
        #expect(Query.value(of: "x ~= p && _0 == \"2\";", attributes: attributes) == "true")
        #expect(Query.value(of: "x ~= p && _0 == \"0\";", attributes: attributes) == "false")
        // Groups last one clause: the next clause sees none.
        #expect(Query.value(of: "x ~= \"(a)(b)\" -> \"false\"; _1 == \"a\";", attributes: attributes) == "false")
    }

    @Test("groups stop after _31, as libkeynote's 32 regmatch_t do")
    func thirtyOneGroupsAtMost() throws {
        let regex = try POSIXRegex(String(repeating: "(a)", count: 40))
        #expect(regex.numberOfGroups == 40)
        let match = try #require(try regex.match(String(repeating: "a", count: 40)))
        #expect(match.ranges.count == 41)
        let pattern = String(repeating: "(a)", count: 40)
        let subject = String(repeating: "a", count: 40)
        let groups = "_0 == \"40\" && _31 == \"a\" && _32 == \"\""
        #expect(Query.value(of: "x ~= \"\(pattern)\" && \(groups);", attributes: [("x", subject)]) == "true")
    }

    @Test("anchors: ^ and $ only at the ends, '.' matches a newline (no REG_NEWLINE)")
    func anchors() throws {
        let exact = try POSIXRegex("^abc$")
        #expect(try exact.match("abc") != nil)
        #expect(try exact.match("xabc") == nil)
        #expect(try exact.match("abc\n") == nil)
        #expect(try exact.match("x\nabc") == nil)
        #expect(try POSIXRegex("a.b").match("a\nb") != nil)
        #expect(try POSIXRegex("a[^x]b").match("a\nb") != nil)
    }

    @Test("matching is case-sensitive")
    func caseSensitive() throws {
        #expect(try POSIXRegex("abc").match("ABC") == nil)
        #expect(try POSIXRegex("[a-c]+").match("ABC") == nil)
    }

    @Test(
        "bracket expressions",
        arguments: [
            ("[]a]", "]", true),
            ("[]a]", "b", false),
            ("[^]a]", "]", false),
            ("[^]a]", "b", true),
            ("^[\\d]$", "\\", true),  // backslash is literal inside brackets
            ("^[\\d]$", "d", true),
            ("^[\\d]$", "5", false),
            ("^[[:digit:]]+$", "0123", true),
            ("^[[:digit:]]+$", "01a3", false),
            ("^[a-c-]+$", "ab-c", true),
            ("^[[.-.]]$", "-", true),
            ("^[[:alpha:]\\1]+$", "a\\1", true),
        ]
    )
    func brackets(pattern: String, subject: String, matches: Bool) throws {
        #expect(try (POSIXRegex(pattern).match(subject) != nil) == matches)
    }

    @Test("C locale: one byte is one character, non-ASCII bytes are in no class")
    func cLocaleBytes() throws {
        let e = "\u{E9}"  // é: 0xC3 0xA9 in UTF-8
        #expect(try POSIXRegex("^.$").match(e) == nil)
        #expect(try POSIXRegex("^..$").match(e) != nil)
        #expect(try POSIXRegex("^[[:alpha:]]+$").match(e) == nil)
        let first = try #require(try POSIXRegex("^(.)").match(e))
        #expect(first[1].map(Array.init) == [0xC3])
        let raw = try #require(try POSIXRegex(bytes: [0x5E, 0xFF, 0x2B, 0x24]).match(bytes: [0xFF, 0xFF]))
        #expect(raw.ranges[0] == 0..<2)
    }

    @Test("the C locale is used even when the thread's locale is UTF-8, and the thread's locale is put back")
    func threadLocaleIgnoredAndRestored() throws {
        let utf8 = try #require(newlocale(LC_CTYPE_MASK, "C.UTF-8", nil), "C.UTF-8 locale is not available")
        defer { freelocale(utf8) }
        let previous = try #require(uselocale(utf8))
        defer { uselocale(previous) }

        // Control: glibc itself, in this thread's UTF-8 locale, sees é as one character.
        var control = regex_t()
        #expect(regcomp(&control, "^.$", REG_EXTENDED) == 0)
        defer { regfree(&control) }
        #expect(regexec(&control, "\u{E9}", 0, nil, 0) == 0)

        #expect(try POSIXRegex("^.$").match("\u{E9}") == nil)
        #expect(uselocale(nil) == utf8)
    }

    @Test("back-references are refused with the offset of their backslash")
    func backReferenceRefused() throws {
        let error = try #require(throws: RegexError.self) { try POSIXRegex("(a)\\1") }
        #expect(error.code == .backReference)
        #expect(error.offset == 3)
        let later = try #require(throws: RegexError.self) { try POSIXRegex("x[\\1](a)\\2") }
        #expect(later.code == .backReference)
        #expect(later.offset == 8)
        let afterEscapedBackslash = try #require(throws: RegexError.self) { try POSIXRegex("\\\\\\9") }
        #expect(afterEscapedBackslash.offset == 2)
    }

    @Test("an escaped backslash followed by a digit is not a back-reference")
    func escapedBackslashIsNotBackReference() throws {
        let regex = try POSIXRegex("(a)\\\\1")  // pattern bytes: (a)\\1
        let match = try #require(try regex.match("a\\1"))
        #expect(match.ranges[0] == 0..<3)
        #expect(try regex.match("aa") == nil)
    }

    @Test(
        "what regcomp refuses is a compileFailed error carrying regerror's text",
        arguments: [
            ("a{2,1}", "REG_BADBR"),
            ("(ab", "REG_EPAREN"),
            ("*a", "REG_BADRPT"),
            ("a|*b", "REG_BADRPT"),
            ("[[:foo:]]", "REG_ECTYPE"),
            ("[ab", "REG_EBRACK"),
            ("a[\\1", "REG_EBRACK"),  // unterminated bracket, not a back-reference
            ("a\\", "REG_EESCAPE"),
            ("a{1", "REG_EBRACE"),
            ("[z-a]", "REG_ERANGE"),
        ]
    )
    func compileErrors(pattern: String, name: String) throws {
        let error = try #require(throws: RegexError.self) { try POSIXRegex(pattern) }
        #expect(error.code == .compileFailed)
        #expect(error.reason.hasPrefix("regcomp: "))
        #expect(error.reason.contains(name))
        #expect(error.offset == nil)
    }

    @Test("the validator never disagrees with regcomp on random patterns")
    func validatorAgreesWithRegcomp() throws {
        // Patterns the validator calls malformed must be refused by regcomp too;
        // otherwise POSIXRegex throws unsupportedSyntax. Deterministic xorshift.
        let alphabet = Array("ab()[]{}|*+?^$\\.,:=-12]w<`'x09".utf8)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var compiled = 0
        for _ in 0..<5000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let length = Int(state % 14) + 1
            var pattern: [UInt8] = []
            for _ in 0..<length {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                pattern.append(alphabet[Int(state % UInt64(alphabet.count))])
            }
            do {
                _ = try POSIXRegex(bytes: pattern)
                compiled += 1
            } catch {
                #expect(
                    error.code != .unsupportedSyntax,
                    "validator and regcomp disagree on \(String(decoding: pattern, as: UTF8.self))"
                )
            }
        }
        #expect(compiled > 100)  // the generator does produce valid patterns
    }

    @Test("a NUL ends the pattern and the subject, as for a C string")
    func nulTruncates() throws {
        let regex = try POSIXRegex(bytes: bytes("ab") + [0] + bytes("cd"))
        #expect(regex.pattern == bytes("ab"))
        #expect(try regex.match("xab") != nil)
        #expect(try regex.match(bytes: bytes("x") + [0] + bytes("ab")) == nil)
        let match = try #require(try POSIXRegex("b.*").match(bytes: bytes("abc") + [0] + bytes("def")))
        #expect(match.subject == bytes("abc"))
        #expect(match.string(0) == "bc")
        // Limits apply after truncation.
        let long = bytes("ab") + [0] + [UInt8](repeating: 0x61, count: 10_000)
        #expect(try POSIXRegex("b").match(bytes: long) != nil)
        #expect(try POSIXRegex(bytes: [0]).pattern.isEmpty)
    }

    @Test("numberOfGroups counts every parenthesized group")
    func groupCount() throws {
        #expect(try POSIXRegex("(a)(b(c))").numberOfGroups == 3)
        #expect(try POSIXRegex("abc").numberOfGroups == 0)
        #expect(try POSIXRegex("a)").numberOfGroups == 0)  // an unmatched ')' is literal
    }

    @Test("one compiled pattern can be shared by concurrent tasks")
    func concurrentMatching() async throws {
        let regex = try POSIXRegex("^([a-z]+)-([0-9]+)$")
        let results = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<200 {
                        let number = task * 1000 + index
                        guard let match = try? regex.match("item-\(number)"),
                            match.string(1) == "item", match.string(2) == "\(number)",
                            (try? regex.match("item-\(number)x")) == .some(nil)
                        else { return false }
                    }
                    return true
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }

    @Test("RegexError description names the code, the reason and the offset")
    func errorDescription() throws {
        let error = try #require(throws: RegexError.self) { try POSIXRegex("(a)\\1") }
        #expect(error.description == "backReference: back-reference \\1 is not allowed (at byte 3 of the pattern)")
        let compile = try #require(throws: RegexError.self) { try POSIXRegex("(") }
        #expect(compile.description.hasPrefix("compileFailed: regcomp: "))
    }
}
