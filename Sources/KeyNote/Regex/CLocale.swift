#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs code in the C locale on the current thread, whatever the process locale is.
///
/// libkeynote calls `regcomp(3)`/`regexec(3)` from programs that never call
/// `setlocale(3)`, so they run in the C locale: one byte is one character,
/// bracket ranges and classes are ASCII, `regerror(3)` speaks English. glibc
/// reads the locale at `regcomp` time (and for `\w`, `\b` at `regexec` time)
/// from the calling thread, so `uselocale(3)` around each call is enough and
/// leaves other threads alone.
enum CLocale {
    /// A `locale_t` made once; `newlocale` objects may be shared by threads.
    private struct Handle: @unchecked Sendable {
        let locale: locale_t
    }

    /// Created on first use; Swift runs the initializer of a static once, thread-safely.
    private static let handle: Handle? = {
        // The categories regcomp, regexec and regerror consult; with a nil base the
        // others are C as well.
        let categories = LC_CTYPE_MASK | LC_COLLATE_MASK | LC_MESSAGES_MASK
        guard let locale = newlocale(categories, "C", nil) else { return nil }
        return Handle(locale: locale)
    }()

    /// Runs `body` with the C locale installed on this thread, then puts back the
    /// thread's previous locale (also when `body` throws).
    static func run<Result>(_ body: () throws(RegexError) -> Result) throws(RegexError) -> Result {
        guard let handle else {
            throw RegexError(.localeUnavailable, "newlocale(3) could not create the C locale")
        }
        guard let previous = uselocale(handle.locale) else {
            throw RegexError(.localeUnavailable, "uselocale(3) could not install the C locale")
        }
        defer { uselocale(previous) }
        return try body()
    }
}
