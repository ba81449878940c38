import ArgumentParser
import KeyNote

/// `keynote verify [-h] [-e file] [-k file] [-l file] -r retlist [file ...]`
/// (keynote(1) "QUERY TOOL").
///
/// Reads the action attributes (`-e`), the action authorizers (`-k`), the
/// trusted assertions (`-l`) and the credentials (the operands, one assertion
/// per file), asks for the compliance value among `-r`'s comma-separated
/// values (weakest first) and prints it as the reference does:
///
/// ```
/// Query result = VALUE
/// Failed assertion 2 due to signature verification failure.
/// ```
///
/// An assertion that does not parse is reported on standard error and left
/// out; the query goes on without it. Assertions are numbered as the reference
/// numbers them: the `-l` files in order, then the operands from last to first
/// (the reference reads them in that order). A query that fails as a whole
/// prints `Query result = <explanation>` and exits with status 1.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Evaluate a KeyNote query.",
        usage: "keynote verify [-h] [-e file] [-k file] [-l file] -r retlist [file ...]",
        discussion: """
            Exactly one -r and at least one each of -e, -k and -l are needed; -e, -k and -l \
            may be repeated. An environment file holds lines  name = "value"  (value is a \
            string literal with the RFC 2704 escapes; # starts a comment). A key file holds \
            one quoted principal, e.g. "rsa-base64:MIGJ..." as keygen writes it.
            """
    )

    @Option(name: .customShort("e"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Environment settings (action attributes).", valueName: "file"))
    var environmentFiles: [String] = []

    @Option(name: .customShort("k"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("File containing an action authorizer's key.", valueName: "file"))
    var authorizerFiles: [String] = []

    @Option(name: .customShort("l"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Trusted (local) assertion, e.g. a POLICY.", valueName: "file"))
    var policyFiles: [String] = []

    @Option(name: .customShort("r"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Comma-separated, ordered return-value list, weakest first.", valueName: "retlist"))
    var returnValueLists: [String] = []

    @Argument(help: ArgumentHelp("Non-local assertions (credentials); their signatures are checked.",
                                 valueName: "file"))
    var credentialFiles: [String] = []

    func validate() throws {
        guard returnValueLists.count <= 1 else {
            throw ValidationError("Do not define two sets of return values.")
        }
        guard !returnValueLists.isEmpty else {
            throw ValidationError("Should set return values before evaluations begin (-r retlist).")
        }
        guard !environmentFiles.isEmpty else {
            throw ValidationError("Should set environment before evaluations begin (-e file).")
        }
        guard !authorizerFiles.isEmpty else {
            throw ValidationError("Should specify at least one action authorizer (-k file).")
        }
        guard !policyFiles.isEmpty else {
            throw ValidationError("Should specify at least one trusted assertion (POLICY) (-l file).")
        }
    }

    /// The compliance values of `-r`: split at every comma, empty values kept
    /// (`",a"` is the two values `""` and `"a"`).
    var complianceValues: [String] {
        (returnValueLists.first ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    func run() throws {
        var session = KeyNoteSession()
        for path in environmentFiles {
            try Self.addEnvironment(from: path, to: &session)
        }
        for path in authorizerFiles {
            try Self.addAuthorizer(from: path, to: &session)
        }
        // The file each assertion of the session came from, by session position.
        var sources: [String] = []
        for path in policyFiles {
            try Self.addAssertion(from: path, trusted: true, to: &session, sources: &sources)
        }
        for path in credentialFiles.reversed() {
            try Self.addAssertion(from: path, trusted: false, to: &session, sources: &sources)
        }

        let result: QueryResult
        do {
            result = try session.query(values: complianceValues)
        } catch {
            Console.output("Query result = <\(Self.explanation(of: error))>\n")
            throw ToolFailure("Query failed: " + Self.describeQueryFailure(error, sources: sources))
        }
        Console.output("Query result = \(result.value)\n")
        Self.report(result.diagnostics, sources: sources)
    }

    // MARK: - Inputs

    static func addEnvironment(from path: String, to session: inout KeyNoteSession) throws(ToolFailure) {
        let bytes = try Files.read(path)
        let attributes: [(name: [UInt8], value: [UInt8])]
        do {
            attributes = try KeyNoteFiles.parseEnvironment(bytes)
        } catch {
            throw ToolFailure("Syntax error in environment file " + ErrorText.describe(error, file: path))
        }
        for (name, value) in attributes {
            do {
                try session.setAttribute(name, value)
            } catch {
                throw ToolFailure("Cannot set attribute \(String(decoding: name, as: UTF8.self)) from environment file <\(path)>: \(ErrorText.describe(error))")
            }
        }
    }

    static func addAuthorizer(from path: String, to session: inout KeyNoteSession) throws(ToolFailure) {
        let bytes = try Files.read(path)
        let principal: [UInt8]
        do {
            principal = try KeyNoteFiles.parseAuthorizer(bytes)
        } catch {
            throw ToolFailure("Syntax error adding authorizer " + ErrorText.describe(error, file: path))
        }
        do {
            try session.addAuthorizer(principal)
        } catch {
            throw ToolFailure("Error adding authorizer " + ErrorText.describe(error, file: path))
        }
    }

    /// Adds one assertion file; an assertion that does not parse is reported
    /// and left out, as the reference does.
    static func addAssertion(from path: String, trusted: Bool, to session: inout KeyNoteSession,
                             sources: inout [String]) throws(ToolFailure) {
        let bytes = try Files.read(path)
        do {
            let assertion = try Assertion(parsing: bytes, limits: session.limits)
            try session.add(assertion, trusted: trusted)
            sources.append(path)
        } catch {
            Console.error("Error for assertion in file " + ErrorText.describe(error, file: path))
        }
    }

    // MARK: - Outputs

    /// The text between `<` and `>` after `Query result = ` when the query
    /// fails: the reference's wording where it has one.
    static func explanation(of error: KeyNoteError) -> String {
        switch error.code {
        case .queryFailed, .syntax:
            return "uninitialized authorizers or all POLICY assertions are malformed!"
        case .incompleteQuery:
            return "session or other information not found!"
        case .budgetExhausted:
            return "query evaluation budget exhausted!"
        case .limitExceeded:
            return "limit exceeded!"
        default:
            return "query failed (\(error.code))!"
        }
    }

    /// The failure with the file of the assertion it names, if it names one.
    static func describeQueryFailure(_ error: KeyNoteError, sources: [String]) -> String {
        if let index = error.assertion, sources.indices.contains(index) {
            var located = error
            located.assertion = nil
            return "assertion \(index) in file " + ErrorText.describe(located, file: sources[index])
        }
        return ErrorText.describe(error)
    }

    /// Prints the assertions the query reached that failed, as the reference
    /// does (syntax failures first, then signature failures, each assertion
    /// once), and their details on standard error.
    static func report(_ diagnostics: [AssertionDiagnostic], sources: [String]) {
        var reported: Set<Int> = []
        let syntax = diagnostics.filter { $0.kind == .syntax }.sorted { $0.assertion < $1.assertion }
        let signature = diagnostics.filter { $0.kind == .signature }.sorted { $0.assertion < $1.assertion }
        for diagnostic in syntax where reported.insert(diagnostic.assertion).inserted {
            Console.output("Failed assertion \(diagnostic.assertion) due to syntax or semantic error.\n")
            let file = sources.indices.contains(diagnostic.assertion) ? sources[diagnostic.assertion] : "?"
            let detail = diagnostic.error.map { ErrorText.describe($0, file: file) } ?? "<\(file)>"
            Console.error("Assertion \(diagnostic.assertion) in file \(detail)")
        }
        for diagnostic in signature where reported.insert(diagnostic.assertion).inserted {
            Console.output("Failed assertion \(diagnostic.assertion) due to signature verification failure.\n")
            let file = sources.indices.contains(diagnostic.assertion) ? sources[diagnostic.assertion] : "?"
            Console.error("Assertion \(diagnostic.assertion) in file <\(file)>: signature verification failed")
        }
    }
}
