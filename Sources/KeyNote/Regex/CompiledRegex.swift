#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one `regex_t` compiled by `regcomp(3)` and frees it in `deinit`.
///
/// Immutable after `init`. Sharing it between threads is safe: POSIX requires
/// `regexec(3)` to be thread-safe, and glibc serializes concurrent `regexec`
/// calls on one `regex_t` with a lock inside it (the matcher caches DFA states there).
final class CompiledRegex: @unchecked Sendable {
    /// The `regex_t`; allocated here so that its address never changes.
    private let storage: UnsafeMutablePointer<regex_t>
    /// `re_nsub`: the number of parenthesized subexpressions.
    let numberOfGroups: Int

    /// Compiles `pattern` with `REG_EXTENDED` and no other flag, as libkeynote does,
    /// in the C locale. `pattern` must not contain NUL.
    init(pattern: [UInt8]) throws(RegexError) {
        precondition(!pattern.contains(0), "pattern must be truncated at its first NUL")
        let storage = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
        storage.initialize(to: regex_t())
        let status: Int32
        do {
            status = try CLocale.run { () throws(RegexError) -> Int32 in
                Self.withCString(pattern) { regcomp(storage, $0, REG_EXTENDED) }
            }
        } catch {
            storage.deallocate()
            throw error
        }
        guard status == 0 else {
            // glibc frees what it allocated when regcomp fails; regfree must not be called.
            let message = (try? CLocale.run { () throws(RegexError) -> String in
                Self.errorText(status, storage)
            }) ?? "error \(status)"
            storage.deallocate()
            throw RegexError(.compileFailed, "regcomp: \(message)")
        }
        self.storage = storage
        self.numberOfGroups = Int(storage.pointee.re_nsub)
    }

    deinit {
        regfree(storage)
        storage.deallocate()
    }

    /// Runs `regexec(3)` with flags 0 on `subject` (which must not contain NUL).
    /// Returns nil when there is no match, otherwise the byte range of the whole
    /// match and of each group, nil for a group that did not participate.
    func execute(_ subject: [UInt8]) throws(RegexError) -> [Range<Int>?]? {
        var ranges: [Range<Int>?]? = nil
        _ = try subject.withUnsafeBufferPointer { (bytes) throws(RegexError) -> Bool in
            try execute(bytes) { matches in
                ranges = matches.map { match in
                    let start = Int(match.rm_so)
                    let end = Int(match.rm_eo)
                    guard start >= 0, end >= start, end <= subject.count else { return nil }
                    return start..<end
                }
            }
        }
        return ranges
    }

    /// Runs `regexec(3)` with flags 0 on `subject` (which must not contain
    /// NUL); on a match, calls `onMatch` with the offsets of the whole match
    /// and of each group (-1 for a group that did not participate).
    ///
    /// - Returns: whether the pattern matched.
    func execute(_ subject: UnsafeBufferPointer<UInt8>,
                 _ onMatch: (UnsafeBufferPointer<regmatch_t>) -> Void) throws(RegexError) -> Bool {
        // The match array and the C string live on the stack when small.
        let status = withUnsafeTemporaryAllocation(of: regmatch_t.self, capacity: numberOfGroups + 1) { matches in
            Self.withCString(subject) { string in
                Result { () throws(RegexError) -> Int32 in
                    let status = try CLocale.run { () throws(RegexError) -> Int32 in
                        regexec(storage, string, matches.count, matches.baseAddress, 0)
                    }
                    if status == 0 { onMatch(UnsafeBufferPointer(matches)) }
                    return status
                }
            }
        }
        let code = try status.get()
        if code == Self.noMatch { return false }
        guard code == 0 else {
            let message = (try? CLocale.run { () throws(RegexError) -> String in
                Self.errorText(code, storage)
            }) ?? "error \(code)"
            throw RegexError(.matchFailed, "regexec: \(message)")
        }
        return true
    }

    /// `REG_NOMATCH`, which glibc declares as an enumerator and Darwin as a macro.
    #if canImport(Glibc) || canImport(Musl)
    private static let noMatch = Int32(_REG_NOMATCH.rawValue)
    #else
    private static let noMatch = REG_NOMATCH
    #endif

    /// Calls `body` with a NUL-terminated copy of `bytes` (on the stack when small).
    private static func withCString<Result>(
        _ bytes: [UInt8],
        _ body: (UnsafePointer<CChar>) -> Result
    ) -> Result {
        bytes.withUnsafeBufferPointer { withCString($0, body) }
    }

    /// Calls `body` with a NUL-terminated copy of `bytes` (on the stack when small).
    private static func withCString<Result>(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafePointer<CChar>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.copyMemory(from: UnsafeRawBufferPointer(bytes))
            buffer[bytes.count] = 0
            return body(UnsafePointer(buffer.baseAddress.unsafelyUnwrapped))
        }
    }

    /// `regerror(3)`'s text for `status`, with the symbolic name of the code.
    private static func errorText(_ status: Int32, _ regex: UnsafePointer<regex_t>) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = regerror(status, regex, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let names = [
            2: "REG_BADPAT", 3: "REG_ECOLLATE", 4: "REG_ECTYPE", 5: "REG_EESCAPE", 6: "REG_ESUBREG",
            7: "REG_EBRACK", 8: "REG_EPAREN", 9: "REG_EBRACE", 10: "REG_BADBR", 11: "REG_ERANGE",
            12: "REG_ESPACE", 13: "REG_BADRPT", 14: "REG_EEND", 15: "REG_ESIZE", 16: "REG_ERPAREN",
        ]
        return "\(text) (\(names[Int(status)] ?? "code \(status)"))"
    }
}
