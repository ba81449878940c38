import ArgumentParser

/// `keynote`: the command-line tool of OpenBSD's keynote(1), with the same
/// subcommands, arguments and output, so that operators' scripts keep working.
///
/// ```
/// keynote keygen AlgorithmName KeySize PublicKeyFile PrivateKeyFile [print-offset] [print-length]
/// keynote sign [-v] AlgorithmName AssertionFile PrivateKeyFile [print-offset] [print-length]
/// keynote sigver AssertionFile
/// keynote verify [-h] [-e file] [-k file] [-l file] -r retlist [file ...]
/// ```
///
/// Every failure exits with status 1, as the reference's `exit(1)` does;
/// success exits with 0.
@main
struct KeyNoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keynote",
        abstract: "KeyNote trust-management tool (RFC 2704), compatible with OpenBSD keynote(1).",
        subcommands: [Keygen.self, Sign.self, Sigver.self, Verify.self]
    )

    /// Parses the command line (getopt-style for `verify`), runs the
    /// subcommand, reports errors on standard error and exits.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else {
            Console.error(helpMessage())
            Console.exit(1)
        }
        do {
            var command = try parseAsRoot(GetoptArguments.normalized(arguments))
            try command.run()
        } catch let failure as ToolFailure {
            Console.error(failure.message)
            Console.exit(failure.status)
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if code == .success {
                if !message.isEmpty { Console.output(message + "\n") }
                Console.exit(0)
            }
            if !message.isEmpty { Console.error(message) }
            // The reference exits with 1 on every usage error; so do we.
            Console.exit(code == .validationFailure ? 1 : code.rawValue)
        }
        Console.exit(0)
    }
}
