import Testing

@testable import KeyNote

/// Each limit of ``RegexLimits``: just under it works, just over it is a typed error.
@Suite("Limits on ~= patterns and subjects")
struct RegexLimitsTests {
    private let limits = RegexLimits.default

    @Test("the defaults")
    func defaults() {
        #expect(limits.maxPatternBytes == 1024)
        #expect(limits.maxSubjectBytes == 2048)
        #expect(limits.maxRepetitionBound == 255)
        #expect(limits.maxExpandedSize == 128)
        #expect(limits.maxMatchWork == 32768)
    }

    @Test("pattern length: 1024 bytes compile, 1025 are refused")
    func patternLength() throws {
        // A bracket expression is long in bytes but small once expanded.
        let atLimit = "[" + String(repeating: "a", count: 1022) + "]"
        let regex = try POSIXRegex(atLimit)
        #expect(regex.pattern.count == 1024)
        #expect(try regex.match("a") != nil)
        let error = try #require(throws: RegexError.self) {
            try POSIXRegex("[" + String(repeating: "a", count: 1023) + "]")
        }
        #expect(error.code == .patternTooLong)
    }

    @Test("subject length: 2048 bytes match, 2049 are refused")
    func subjectLength() throws {
        let regex = try POSIXRegex("b$")
        #expect(regex.maxSubjectBytes == 2048)
        let match = try #require(try regex.match(String(repeating: "a", count: 2047) + "b"))
        #expect(match.ranges[0] == 2047..<2048)
        let error = try #require(throws: RegexError.self) {
            try regex.match(String(repeating: "a", count: 2048) + "b")
        }
        #expect(error.code == .subjectTooLong)
        #expect(error.reason == "subject of 2049 bytes is over the limit of 2048")
    }

    @Test("match work: a pattern of expanded size 66 takes subjects up to 32768 / 66 = 496 bytes")
    func matchWork() throws {
        let regex = try POSIXRegex(".*a.{31}c")  // (1 + 1) + 1 + (31 + 31) + 1
        #expect(regex.expandedSize == 66)
        #expect(regex.maxSubjectBytes == 32768 / 66)
        let fits = String(repeating: "b", count: 32768 / 66)
        #expect(try regex.match(fits) == nil)
        let error = try #require(throws: RegexError.self) { try regex.match(fits + "b") }
        #expect(error.code == .subjectTooLong)
        #expect(error.reason.contains("expanded size 66"))
    }

    @Test("a compiled pattern is renewed once its matches add up to maxMatchWork")
    func compiledFormIsRenewed() throws {
        let regex = try POSIXRegex(".*a.{31}c")  // expanded size 66: 496 bytes is one full budget
        let full = String(repeating: "b", count: 496)
        #expect(try regex.match(full) == nil)
        #expect(regex.program.compilations == 1)
        #expect(throws: RegexError.self) { try regex.match(full + "ac") }  // over the subject limit: no work
        #expect(regex.program.compilations == 1)
        #expect(try regex.match("a" + String(repeating: "b", count: 31) + "c") != nil)
        #expect(regex.program.compilations == 2)
        // Small matches share one compilation: 33 bytes × 66 = 2178 of 32768 each, 15 in all.
        for _ in 0..<14 {
            #expect(try regex.match("a" + String(repeating: "b", count: 31) + "c") != nil)
        }
        #expect(regex.program.compilations == 2)
        #expect(try regex.match("a" + String(repeating: "b", count: 31) + "c") != nil)
        #expect(regex.program.compilations == 3)
    }

    @Test("repetition bound: {255} compiles, {256} is refused at the '{'")
    func repetitionBound() throws {
        // The default expanded size would refuse a{255} first; lift it to see the bound alone.
        let roomy = RegexLimits(maxExpandedSize: 1024, maxMatchWork: 1 << 20)
        let regex = try POSIXRegex("xa{255}", limits: roomy)
        #expect(try regex.match(String(repeating: "a", count: 255)) == nil)
        #expect(try regex.match("x" + String(repeating: "a", count: 255)) != nil)
        for pattern in ["xa{256}", "xa{0,256}", "xa{256,}", "xa{99999999999999999999}"] {
            let error = try #require(throws: RegexError.self) { try POSIXRegex(pattern, limits: roomy) }
            #expect(error.code == .repetitionTooLarge)
            #expect(error.offset == 2)
            #expect(error.reason.contains("bound"))
        }
        // With the default limits a{255} is over the expanded size (2 × 255 + 1).
        let expanded = try #require(throws: RegexError.self) { try POSIXRegex("xa{255}") }
        #expect(expanded.code == .repetitionTooLarge)
        #expect(expanded.reason.contains("expands to size 510"))
    }

    @Test("nested bounds multiply: (a{7}){7} compiles, (a{8}){8} is refused at the outer '{'")
    func nestedRepetition() throws {
        let regex = try POSIXRegex("(a{7}){7}")
        #expect(regex.expandedSize == 119)  // ((1 × 7 + 7) + 2) × 7 + 7
        #expect(try regex.match(String(repeating: "a", count: 49)) != nil)
        #expect(try regex.match(String(repeating: "a", count: 48)) == nil)
        let error = try #require(throws: RegexError.self) { try POSIXRegex("(a{8}){8}") }
        #expect(error.code == .repetitionTooLarge)
        #expect(error.offset == 6)
        #expect(error.reason.contains("152"))
        let stacked = try #require(throws: RegexError.self) { try POSIXRegex("a{23}{23}") }
        #expect(stacked.offset == 5)
    }

    @Test("expanded size adds up across a pattern: a{63}b{63} is refused at the second '{'")
    func expandedSizeSum() throws {
        let fits = try POSIXRegex("a{63}b")
        #expect(fits.expandedSize == 127)
        let error = try #require(throws: RegexError.self) { try POSIXRegex("a{63}b{63}") }
        #expect(error.code == .repetitionTooLarge)
        #expect(error.offset == 6)
        #expect(error.reason.contains("252"))
    }

    @Test("every accepted pattern takes subjects of at least 256 bytes")
    func subjectFloor() throws {
        let largest = try POSIXRegex(String(repeating: "a", count: 128))
        #expect(largest.expandedSize == 128)
        #expect(largest.maxSubjectBytes == 256)
        #expect(try largest.match(String(repeating: "b", count: 128) + String(repeating: "a", count: 128)) != nil)
        let error = try #require(throws: RegexError.self) { try POSIXRegex(String(repeating: "a", count: 129)) }
        #expect(error.code == .patternTooComplex)
        #expect(error.offset == 128)
    }

    @Test("plus is unrolled into two copies, star and question mark into one")
    func operatorCopies() throws {
        let validator = RegexPatternValidator(limits: limits)
        #expect(try validator.validate(Array("a+".utf8)) == .wellFormed(expandedSize: 4))
        #expect(try validator.validate(Array("a*".utf8)) == .wellFormed(expandedSize: 2))
        #expect(try validator.validate(Array("a?".utf8)) == .wellFormed(expandedSize: 2))
        #expect(try validator.validate(Array("a{3,}".utf8)) == .wellFormed(expandedSize: 8))
        #expect(try validator.validate(Array("(a|b)".utf8)) == .wellFormed(expandedSize: 5))
        #expect(try validator.validate(Array("^a$".utf8)) == .wellFormed(expandedSize: 3))
    }

    @Test(
        "the validator marks what glibc refuses as malformed, at the right byte",
        arguments: [("*a", 0), ("a{1", 1), ("(a", 0), ("a(b|c", 1), ("a\\", 1), ("[a", 0), ("^*", 1), ("a{}", 1), ("a{,2,}", 1)]
    )
    func malformed(pattern: String, offset: Int) throws {
        let verdict = try RegexPatternValidator(limits: limits).validate(Array(pattern.utf8))
        #expect(verdict == .malformed(offset: offset))
    }

    @Test("custom limits are honoured")
    func customLimits() throws {
        let tight = RegexLimits(maxPatternBytes: 4, maxSubjectBytes: 8, maxRepetitionBound: 3, maxExpandedSize: 100)
        #expect(throws: RegexError.self) { try POSIXRegex("abcde", limits: tight) }
        let regex = try POSIXRegex("a{3}", limits: tight)
        #expect(try regex.match("aaaaaaaa") != nil)
        #expect(throws: RegexError.self) { try regex.match("aaaaaaaaa") }
        let bound = try #require(throws: RegexError.self) { try POSIXRegex("a{4}", limits: tight) }
        #expect(bound.code == .repetitionTooLarge)
        let closed = RegexLimits(maxPatternBytes: 0)
        #expect(throws: RegexError.self) { try POSIXRegex("a", limits: closed) }
    }
}
