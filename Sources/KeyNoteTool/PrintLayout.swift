import ArgumentParser
import MicrocheckCrypto

/// The optional `[print-offset] [print-length]` operands of `keygen` and
/// `sign` (keynote(1)): how a key or signature is printed as a quoted string
/// with backslash-newline continuations, ready to paste into an assertion.
struct PrintLayout: ParsableArguments {
    @Argument(help: ArgumentHelp("Spaces before the opening quote and before each continuation line.",
                                 valueName: "print-offset"))
    var printOffset: Int = 12

    @Argument(help: ArgumentHelp("Characters per line, counting the quotes and the trailing backslash.",
                                 valueName: "print-length"))
    var printLength: Int = 50

    func validate() throws {
        guard printOffset >= 0 else {
            throw ValidationError("Erroneous value for print-offset parameter (\(printOffset)): it must be 0 or more.")
        }
        guard printLength > 0 else {
            throw ValidationError("Erroneous value for print-length parameter (\(printLength)): it must be 1 or more.")
        }
    }

    /// `prefix` then `body`, quoted and wrapped as the reference's `print_key`
    /// prints them: the prefix (an algorithm name) is never broken; lines are
    /// broken in the body only, and not at all when the prefix alone already
    /// fills the first line.
    func format(prefix: String, body: String) -> String {
        if prefix.unicodeScalars.count + 2 <= printLength {
            return KeyNoteTextLayout.wrapped(prefix + body, offset: printOffset, length: printLength)
        }
        return String(repeating: " ", count: printOffset) + "\"" + prefix + body + "\"\n"
    }
}

/// Appends the colon that algorithm names end with, warning as the reference
/// does when it was missing.
func algorithmNameWithColon(_ name: String, warn: Bool) -> String {
    if name.hasSuffix(":") { return name }
    if warn {
        Console.error("Algorithm name [\(name)] should be terminated with a colon, fixing.")
    }
    return name + ":"
}
