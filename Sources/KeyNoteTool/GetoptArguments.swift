/// Rewrites a `verify` command line written for getopt(3) into the form
/// ArgumentParser reads, so that every spelling the reference accepts
/// (optstring `hl:e:k:r:`) means the same here.
///
/// getopt accepts an option's value attached to it (`-kauth1`, `-rv1,v2`) or
/// in the next word (`-k auth1`, even when that word starts with `-` or is
/// `--`), and several options in one word (`-hk file`). The rewrite gives
/// ArgumentParser every option as its own word and every value in the one
/// form it cannot misread, `-k=auth1` (ArgumentParser splits at the first
/// `=`, so values may hold `=`, commas, or be empty). Everything else is left
/// alone: `--` ends the options, and operands may appear between options
/// (GNU getopt permutes them to the end).
enum GetoptArguments {
    /// Options of `verify` that take a value.
    static let verifyOptionsWithValue: Set<Unicode.Scalar> = ["e", "k", "l", "r"]

    /// The arguments (without the program name) with `verify`'s options split
    /// into separate words; other subcommands' arguments are returned unchanged.
    static func normalized(_ arguments: [String]) -> [String] {
        guard arguments.first == "verify" else { return arguments }
        return ["verify"] + split(Array(arguments.dropFirst()), optionsWithValue: verifyOptionsWithValue)
    }

    /// Splits getopt option clusters: each option becomes its own `-x` word,
    /// or `-x=value` when it takes a value.
    static func split(_ arguments: [String], optionsWithValue: Set<Unicode.Scalar>) -> [String] {
        var output: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                output.append(contentsOf: arguments[(index - 1)...])
                break
            }
            // "-" alone is an operand; "--name" is a long option ArgumentParser reads itself.
            guard argument.hasPrefix("-"), argument.unicodeScalars.count > 1, !argument.hasPrefix("--") else {
                output.append(argument)
                continue
            }
            var rest = argument.unicodeScalars.dropFirst()
            while let letter = rest.first {
                rest = rest.dropFirst()
                let option = "-" + String(letter)
                guard optionsWithValue.contains(letter) else {
                    output.append(option)
                    continue
                }
                if !rest.isEmpty {
                    output.append(option + "=" + String(String.UnicodeScalarView(rest)))
                } else if index < arguments.count {
                    output.append(option + "=" + arguments[index])
                    index += 1
                } else {
                    output.append(option)  // ArgumentParser reports the missing value.
                }
                break
            }
        }
        return output
    }
}
