// regex-worst-case: measures glibc regcomp/regexec on adversarial patterns and
// subjects at the edge of KeyNote's RegexLimits, each case in a child process so
// that peak memory (getrusage ru_maxrss) is per case. A developer tool, not run in CI.
//
// The regex code is KeyNote's own (Sources/KeyNote/Regex, linked in through the
// symlink Regex next to this file), so every case has passed the validator the
// engine uses, and every subject is as long as the limits allow for its pattern.
//
// From the repository root:
//   swift run -c release --package-path tools/regex-worst-case
//       [--max-pattern N] [--max-subject N] [--max-bound N] [--max-expanded N]
//       [--max-work N] [--runs N] [--timeout SECONDS]

import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Options

struct Options {
    var limits = RegexLimits.default
    var runs = 7
    var timeout = 120.0
    var caseIndex: Int? = nil

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            func value() -> Int {
                guard let text = iterator.next(), let number = Int(text) else {
                    fatalError("\(argument) needs a number")
                }
                return number
            }
            switch argument {
            case "--max-pattern": limits.maxPatternBytes = value()
            case "--max-subject": limits.maxSubjectBytes = value()
            case "--max-bound": limits.maxRepetitionBound = value()
            case "--max-expanded": limits.maxExpandedSize = value()
            case "--max-work": limits.maxMatchWork = value()
            case "--runs": runs = value()
            case "--timeout": timeout = Double(value())
            case "--case": caseIndex = value()
            default: fatalError("unknown argument \(argument)")
            }
        }
    }

    var childArguments: [String] {
        [
            "--max-pattern", "\(limits.maxPatternBytes)", "--max-subject", "\(limits.maxSubjectBytes)",
            "--max-bound", "\(limits.maxRepetitionBound)", "--max-expanded", "\(limits.maxExpandedSize)",
            "--max-work", "\(limits.maxMatchWork)",
            "--runs", "\(runs)",
        ]
    }
}

// MARK: - Cases

/// One measurement: a pattern and a subject built for the longest length the
/// limits allow for that pattern (``POSIXRegex/maxSubjectBytes``).
struct Case {
    let name: String
    let pattern: [UInt8]
    let subject: (Int) -> [UInt8]
    /// When set, one compiled pattern is matched against this many different
    /// subjects (`subject` is then called with the length and a seed index).
    var reuse: Int? = nil
    var seeded: ((Int, Int) -> [UInt8])? = nil
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: max(count, 0)) }

/// Deterministic pseudo-random text over an alphabet (xorshift64).
func pseudoRandom(_ alphabet: String, _ count: Int, seed: Int = 0) -> String {
    let letters = Array(alphabet)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(seed) &* 0x2545_F491_4F6C_DD1D
    var result = ""
    result.reserveCapacity(count)
    for _ in 0..<max(count, 0) {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        result.append(letters[Int(state % UInt64(letters.count))])
    }
    return result
}

/// Subject builders, given the allowed length.
func allA(_ count: Int) -> [UInt8] { bytes(repeated("a", count)) }
func allB(_ count: Int) -> [UInt8] { bytes(repeated("b", count)) }
func aThenZ(_ count: Int) -> [UInt8] { bytes(repeated("a", count - 1) + "z") }
func randomAB(_ count: Int) -> [UInt8] { bytes(pseudoRandom("ab", count)) }
func randomABThenZ(_ count: Int) -> [UInt8] { bytes(pseudoRandom("ab", count - 1) + "z") }

/// True if the limits accept `pattern` (length and validator; regcomp not run).
func accepted(_ pattern: String, _ limits: RegexLimits) -> Bool {
    let pattern = bytes(pattern)
    guard pattern.count <= limits.maxPatternBytes else { return false }
    if case .wellFormed? = try? RegexPatternValidator(limits: limits).validate(pattern) { return true }
    return false
}

/// The parameters to try for a family: powers of two and the largest accepted.
func sweep(_ limits: RegexLimits, _ family: (Int) -> String) -> [Int] {
    guard accepted(family(1), limits) else { return [] }
    var low = 1
    var high = 32767
    while low < high {
        let middle = (low + high + 1) / 2
        if accepted(family(middle), limits) { low = middle } else { high = middle - 1 }
    }
    var values = [1, 2, 4, 8, 16, 32, 64, 128, 255].filter { $0 < low }
    values.append(low)
    return values
}

func cases(_ limits: RegexLimits) -> [Case] {
    var list: [Case] = []
    func add(_ name: String, _ pattern: String, _ subject: @escaping (Int) -> [UInt8]) {
        list.append(Case(name: name, pattern: bytes(pattern), subject: subject))
    }
    func family(_ name: String, _ pattern: @escaping (Int) -> String, _ subjects: [(String, (Int) -> [UInt8])]) {
        for k in sweep(limits, pattern) {
            for (label, subject) in subjects {
                add(name.replacingOccurrences(of: "k", with: "\(k)") + ", " + label, pattern(k), subject)
            }
        }
    }

    // Classic catastrophic-backtracking shapes (harmless for a DFA, but glibc
    // restarts at every position, so a failed search is quadratic).
    add("(a*)*b, a*S", "(a*)*b", allA)
    add("(a*)*b, a*(S-1) z", "(a*)*b", aThenZ)
    add("(a|aa)*c, a*S", "(a|aa)*c", allA)
    add("(x+x+)+y, x*S", "(x+x+)+y", { bytes(repeated("x", $0)) })
    add("(.*.*)*z, a*S", "(.*.*)*z", allA)
    add("^(([a-z])+.)+[A-Z]([a-z])+$, a*S", "^(([a-z])+.)+[A-Z]([a-z])+$", allA)
    add("([a-z]+)+[0-9], a*S", "([a-z]+)+[0-9]", allA)

    // DFA state blow-up: the DFA must remember which of the last k bytes were 'a'.
    family(".*a.{k}c", { ".*a.{\($0)}c" }, [("random ab", randomAB)])
    family("[ab]*a[ab]{k}c|z", { "[ab]*a[ab]{\($0)}c|z" }, [("random ab then z", randomABThenZ)])
    family("(a|b)*a(a|b){k}$", { "(a|b)*a(a|b){\($0)}$" }, [("random ab", randomAB)])
    family("a.{k}c (no .* prefix)", { "a.{\($0)}c" }, [("random ab", randomAB)])

    // Counted repetitions and nesting at the expanded-size limit.
    family("(.*){k}", { "(.*){\($0)}" }, [("a*S", allA)])
    family("(.*){k}z", { "(.*){\($0)}z" }, [("a*S", allA)])
    family("(a?){k}a{k}", { "(a?){\($0)}a{\($0)}" }, [("a*S", allA), ("b*S", allB)])
    family("((a?){k}){k}", { "((a?){\($0)}){\($0)}" }, [("a*S", allA), ("b*S", allB)])
    family("(a{k}){k}", { "(a{\($0)}){\($0)}" }, [("a*S", allA)])
    family("(((a|b)?){k})*c", { "(((a|b)?){\($0)})*c" }, [("random ab", randomAB)])
    family("((.*)(.*)){k}", { "((.*)(.*)){\($0)}" }, [("a*S", allA)])
    family("(.?){k}(.*){k}", { "(.?){\($0)}(.*){\($0)}" }, [("a*S", allA)])
    family("k nested (…)*", { repeated("(", $0) + "a" + repeated(")*", $0) }, [("a*S", allA), ("b*S", allB)])
    family("k nested (…)", { repeated("(", $0) + "a" + repeated(")", $0) }, [("a*S", allA)])
    family("k nested (…|)", { repeated("(", $0) + "a" + repeated("|)", $0) }, [("a*(S-1) z", aThenZ)])

    // Many groups.
    family("(.*) x k, z", { repeated("(.*)", $0) + "z" }, [("a*S", allA), ("a*(S-1) z", aThenZ)])
    family("(.*a) x k, z", { repeated("(.*a)", $0) + "z" }, [("a*S", allA)])
    family("(a)|(b)|… k groups", { pattern in
        (0..<pattern).map { "(\(Character(Unicode.Scalar(97 + $0 % 26)!)))" }.joined(separator: "|")
    }, [("b*S", { bytes(repeated("0", $0)) })])

    // Big bracket expressions and long alternations.
    let excluded: Set<Character> = ["]", "^", "-", "["]
    let printable: [Character] = (33...126).map { (code: Int) -> Character in
        Character(Unicode.Scalar(UInt8(code)))
    }.filter { !excluded.contains($0) }
    let bigBracket = "[" + String(printable) + "]"
    family("[90 printable]{k}z", { bigBracket + "{\($0)}z" }, [("random a-y", { bytes(pseudoRandom("abcdefghijklmnopqrstuvwxy", $0)) })])
    family("[[:alpha:][:digit:][:punct:]] x k, z", { repeated("[[:alpha:][:digit:][:punct:]]", $0) + "z" },
        [("random ab1.", { bytes(pseudoRandom("ab1.", $0)) })])
    family("(w00000|w00001|…) k words", { pattern in
        "(" + (0..<pattern).map { String(format: "w%05d", $0) }.joined(separator: "|") + ")"
    }, [("random w0-9", { bytes(pseudoRandom("w0123456789", $0)) })])

    // One compiled pattern kept for many different subjects: glibc keeps every
    // DFA state in the regex_t, so without renewal (RegexProgram) memory grows.
    for pattern in [".*a.{62}c", "[ab]*a[ab]{61}c|z", ".*a.{16}c"] {
        list.append(Case(
            name: "\(pattern), one POSIXRegex, 40 different random ab subjects", pattern: bytes(pattern),
            subject: randomAB, reuse: 40, seeded: { bytes(pseudoRandom("ab", $0, seed: $1)) }))
    }

    // Typical KeyNote patterns, for scale.
    add("typical: ^[0-9]+(\\.[0-9]{2})?$", "^[0-9]+(\\.[0-9]{2})?$", { _ in bytes("1234.56") })
    add("typical: ^.*@example\\.com$", "^.*@example\\.com$", { _ in bytes("someone@example.com") })
    add("typical: (VEND|SNACK)-([0-9]+)", "(VEND|SNACK)-([0-9]+)", { _ in bytes("machine SNACK-42 row 3") })
    add("typical: ^(VEND|SNACK)-[0-9]{1,6}$, longest subject", "^(VEND|SNACK)-[0-9]{1,6}$", { bytes(repeated("9", $0)) })
    return list
}

// MARK: - Measuring

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
}

func maxRSSKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Child: measure one case, print one tab-separated line. Times are the median
/// of `runs` runs (the machine may be shared; the maximum is printed too).
func measure(_ testCase: Case, _ options: Options) {
    let runs = max(options.runs, 1)
    let before = maxRSSKiB()
    var compileTimes: [Double] = []
    var compiled: POSIXRegex? = nil
    for _ in 0..<runs {
        let start = now()
        do {
            compiled = try POSIXRegex(bytes: testCase.pattern, limits: options.limits)
        } catch {
            print("refused\t\(error)")
            return
        }
        compileTimes.append(now() - start)
    }
    let regex = compiled!
    let afterCompile = maxRSSKiB()
    if let count = testCase.reuse, let seeded = testCase.seeded {
        var times: [Double] = []
        var matched = 0
        for index in 0..<count {
            let subject = seeded(regex.maxSubjectBytes, index)
            let start = now()
            do {
                if try regex.match(bytes: subject) != nil { matched += 1 }
            } catch {
                print("refused\t\(error)")
                return
            }
            times.append(now() - start)
        }
        let after = maxRSSKiB()
        print(
            "ok\t\(regex.expandedSize)\t\(regex.maxSubjectBytes)\t\(regex.numberOfGroups)\t\(matched)/\(count)\t"
                + "\(median(compileTimes))\t\(median(times))\t\(afterCompile - before)\t\(after - before)\t"
                + "\(times.max()!)"
        )
        return
    }
    let subject = testCase.subject(regex.maxSubjectBytes)
    var matchTimes: [Double] = []
    var matched = "-"
    for _ in 0..<runs {
        // A fresh regex_t for every run: glibc caches DFA states inside it, and
        // the engine compiles each time (no cache), so cold runs are what counts.
        guard let fresh = try? POSIXRegex(bytes: testCase.pattern, limits: options.limits) else { return }
        let start = now()
        do {
            let match = try fresh.match(bytes: subject)
            matched = match == nil ? "no" : "yes"
        } catch {
            print("refused\t\(error)")
            return
        }
        matchTimes.append(now() - start)
    }
    let after = maxRSSKiB()
    print(
        "ok\t\(regex.expandedSize)\t\(subject.count)\t\(regex.numberOfGroups)\t\(matched)\t"
            + "\(median(compileTimes))\t\(median(matchTimes))\t\(afterCompile - before)\t\(after - before)\t"
            + "\(matchTimes.max()!)"
    )
}

/// Parent: run every case in a child process and print a table.
func runAll(_ options: Options) {
    let list = cases(options.limits)
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let limits = options.limits
    print("limits: pattern \(limits.maxPatternBytes) B, subject \(limits.maxSubjectBytes) B, "
        + "bound \(limits.maxRepetitionBound), expanded size \(limits.maxExpandedSize), "
        + "match work \(limits.maxMatchWork); "
        + "times are medians of \(options.runs) runs, each on a freshly compiled pattern; "
        + "RSS is the growth of ru_maxrss in the child")
    print("")
    print("| # | case | pattern B | expanded | groups | subject B | match | regcomp ms | regexec ms | regexec max ms | +RSS compile MiB | +RSS total MiB |")
    print("|---|------|-----------|----------|--------|-----------|-------|------------|------------|----------------|------------------|----------------|")
    var worstExec = (0.0, "")
    var worstCompile = (0.0, "")
    var worstRSS = (0, "")
    for (index, testCase) in list.enumerated() {
        let process = Process()
        process.executableURL = executable
        process.arguments = options.childArguments + ["--case", "\(index)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { fatalError("cannot run child: \(error)") }
        let deadline = now() + options.timeout * 1000
        while process.isRunning, now() < deadline { usleep(10_000) }
        var output: String
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            output = "timeout"
        } else {
            output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if process.terminationStatus != 0 { output = "crashed (status \(process.terminationStatus))" }
        }
        let fields = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").map(String.init)
        let name = testCase.name.replacingOccurrences(of: "|", with: "\\|")
        if fields.first == "ok", fields.count == 10 {
            let subjectBytes = Int(fields[2])!
            let compile = Double(fields[5])!
            let exec = Double(fields[6])!
            let rssCompile = Int(fields[7])!
            let rss = Int(fields[8])!
            let execMax = Double(fields[9])!
            if exec > worstExec.0 { worstExec = (exec, testCase.name) }
            if compile > worstCompile.0 { worstCompile = (compile, testCase.name) }
            if rss > worstRSS.0 { worstRSS = (rss, testCase.name) }
            print(String(format: "| %d | %@ | %d | %@ | %@ | %d | %@ | %.3f | %.3f | %.3f | %.1f | %.1f |",
                index, name, testCase.pattern.count, fields[1], fields[3], subjectBytes, fields[4],
                compile, exec, execMax, Double(rssCompile) / 1024, Double(rss) / 1024))
        } else {
            let detail = fields.dropFirst().joined(separator: " ").replacingOccurrences(of: "|", with: "\\|")
            print("| \(index) | \(name) | \(testCase.pattern.count) | | | | \(fields.first ?? "?") \(detail) | | | | | |")
        }
    }
    print("")
    print(String(format: "worst regexec (median): %.3f ms (%@)", worstExec.0, worstExec.1))
    print(String(format: "worst regcomp (median): %.3f ms (%@)", worstCompile.0, worstCompile.1))
    print(String(format: "worst peak RSS growth: %.1f MiB (%@)", Double(worstRSS.0) / 1024, worstRSS.1))
}

let options = Options(CommandLine.arguments)
if let index = options.caseIndex {
    measure(cases(options.limits)[index], options)
} else {
    runAll(options)
}
