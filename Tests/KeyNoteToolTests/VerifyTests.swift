import Foundation
import KeyNoteVectors
import KeyNote
import Testing

/// `keynote verify`: getopt-style arguments, output and errors as the reference's.
@Suite struct VerifyTests {
    static let policy = """
        Authorizer: "POLICY"
        Licensees: "alice"
        Conditions: app_domain == "test" -> "true";

        """
    static let environment = "app_domain = \"test\"\n"

    /// Writes the usual files: env, auth (alice), pol (POLICY -> alice if app_domain == "test").
    static func writeBasics(in directory: URL) throws {
        try ToolRunner.write(environment, to: "env", in: directory)
        try ToolRunner.write("\"alice\"\n", to: "auth", in: directory)
        try ToolRunner.write(policy, to: "pol", in: directory)
    }

    /// The public key of rsa1024-b64-a as a principal string.
    static func keyA() throws -> String {
        String(decoding: try KeyNoteFiles.parseAuthorizer([UInt8](KeyNoteVectors.keyFile("rsa1024-b64-a.pub"))), as: UTF8.self)
    }

    @Test func answersAQuery() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "auth", "-l", "pol"],
                                               in: directory)
            #expect(run.status == 0)
            #expect(run.stdout == "Query result = true\n")
            #expect(run.stderr.isEmpty)
        }
    }

    /// The command line of the brief, with repeated options and credentials after them.
    @Test func repeatedOptionsAndCredentialOperands() async throws {
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write(Self.environment, to: "env", in: directory)
            try ToolRunner.write("\"carol\"\n", to: "auth1", in: directory)
            try ToolRunner.write("\"alice\"\n", to: "auth2", in: directory)
            try ToolRunner.write("Authorizer: \"POLICY\"\nLicensees: \"dave\"\n", to: "pol1", in: directory)
            try ToolRunner.write("Authorizer: \"POLICY\"\nLicensees: \"\(try Self.keyA())\"\n", to: "pol2", in: directory)
            try ToolRunner.write(try KeyNoteVectors.signingCase("signing.002").signed, to: "cred1", in: directory)
            try ToolRunner.write(try KeyNoteVectors.signingCase("signing.001").signed, to: "cred2", in: directory)
            let arguments = ["verify", "-e", "env", "-r", "v1,v2,true", "-k", "auth1", "-k", "auth2",
                             "-l", "pol1", "-l", "pol2", "cred1", "cred2"]
            let run = try await ToolRunner.run(arguments, in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "Query result = true\n")

            // Without the credentials the key has no delegation to alice.
            let bare = try await ToolRunner.run(Array(arguments.dropLast(2)), in: directory)
            #expect(bare.stdout == "Query result = v1\n")
        }
    }

    @Test func optionValuesAttachedAsGetoptAllows() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            let run = try await ToolRunner.run(["verify", "-eenv", "-rfalse,true", "-kauth", "-lpol"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "Query result = true\n")
        }
    }

    @Test func operandsMayComeFirstOrAfterDoubleDash() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("Authorizer: \"POLICY\"\nLicensees: \"\(try Self.keyA())\"\n", to: "pol-key", in: directory)
            let credential = try KeyNoteVectors.signingCase("signing.001").signed
            try ToolRunner.write(credential, to: "cred", in: directory)
            try ToolRunner.write(credential, to: "-cred", in: directory)
            let options = ["-e", "env", "-r", "false,true", "-k", "auth", "-l", "pol-key"]

            let none = try await ToolRunner.run(["verify"] + options, in: directory)
            #expect(none.stdout == "Query result = false\n")
            let first = try await ToolRunner.run(["verify", "cred"] + options, in: directory)
            #expect(first.stdout == "Query result = true\n", "\(first.stderr)")
            let dashed = try await ToolRunner.run(["verify"] + options + ["--", "-cred"], in: directory)
            #expect(dashed.stdout == "Query result = true\n", "\(dashed.stderr)")
        }
    }

    /// As with getopt, an option's value is the next word whatever it looks like.
    @Test func optionValuesThatLookLikeOptions() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("\"alice\"\n", to: "-auth", in: directory)
            try ToolRunner.write(Self.policy, to: "--", in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env", "-k", "-auth", "-l", "--", "-r", "-x,true"],
                                               in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "Query result = true\n")
            let dashes = try await ToolRunner.run(["verify", "-e", "env", "-k", "-auth", "-l", "--", "-r", "--",
                                                   "--", "--"], in: directory)
            #expect(dashes.status == 0, "\(dashes.stderr)")
            #expect(dashes.stdout == "Query result = --\n")
            let equals = try await ToolRunner.run(["verify", "-eenv", "-k-auth", "-r=a,true", "-l--"], in: directory)
            #expect(equals.stdout == "Query result = true\n", "\(equals.stderr)")
            let equalsOnly = try await ToolRunner.run(["verify", "-eenv", "-k-auth", "-r=true", "-l--"], in: directory)
            #expect(equalsOnly.stdout == "Query result = =true\n", "\(equalsOnly.stderr)")
        }
    }

    /// `-r ",a"` is the two values "" and "a"; an empty value prints as nothing.
    @Test func emptyComplianceValuesAreKept() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("Authorizer: \"POLICY\"\nLicensees: \"alice\"\nConditions: app_domain == \"test\" -> \"a\";\n",
                                 to: "pol-a", in: directory)
            let granted = try await ToolRunner.run(["verify", "-e", "env", "-r", ",a", "-k", "auth", "-l", "pol-a"],
                                                   in: directory)
            #expect(granted.stdout == "Query result = a\n")
            try ToolRunner.write("app_domain = \"other\"\n", to: "env-other", in: directory)
            let denied = try await ToolRunner.run(["verify", "-e", "env-other", "-r", ",a", "-k", "auth", "-l", "pol-a"],
                                                  in: directory)
            #expect(denied.status == 0)
            #expect(denied.stdout == "Query result = \n")
            let middle = try await ToolRunner.run(["verify", "-e", "env", "-r", "x,,a,", "-k", "auth", "-l", "pol-a"],
                                                  in: directory)
            #expect(middle.stdout == "Query result = a\n")
        }
    }

    /// Assertions are numbered as the reference numbers them: -l files in
    /// order, then the operands from last to first.
    @Test func failedCredentialsAreReportedWithTheReferenceNumbering() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("Authorizer: \"POLICY\"\nLicensees: \"\(try Self.keyA())\"\n", to: "pol-key", in: directory)
            let signed = try KeyNoteVectors.signingCase("signing.001").signed
            let tampered = signed.replacingOccurrences(of: "Licensees: \"alice\"", with: "Licensees:  \"alice\"")
            #expect(tampered != signed)
            try ToolRunner.write(signed, to: "good", in: directory)
            try ToolRunner.write(tampered, to: "bad", in: directory)

            let run = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "auth", "-l", "pol-key",
                                                "bad", "good"], in: directory)
            #expect(run.status == 0)
            #expect(run.stdout == "Query result = true\nFailed assertion 2 due to signature verification failure.\n")
            #expect(run.stderr.contains("<bad>"))

            let alone = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "auth", "-l", "pol-key",
                                                  "bad"], in: directory)
            #expect(alone.stdout == "Query result = false\nFailed assertion 1 due to signature verification failure.\n")
        }
    }

    @Test func anAssertionThatDoesNotParseIsReportedAndLeftOut() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("Authorizer: \"POLICY\"\nLicensees \"alice\"\n", to: "broken", in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "auth",
                                                "-l", "broken", "-l", "pol"], in: directory)
            #expect(run.status == 0)
            #expect(run.stdout == "Query result = true\n")
            #expect(run.stderr.contains("Error for assertion in file <broken>, line 2"), "\(run.stderr)")
        }
    }

    @Test func aQueryThatFailsPrintsAnExplanationAndExitsWithOne() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("Authorizer: \"rsa-base64:AAAA\"\nLicensees: \"alice\"\n", to: "cred", in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "auth", "-l", "pol",
                                                "cred"], in: directory)
            #expect(run.status == 1)
            #expect(run.stdout.hasPrefix("Query result = <"))
            #expect(run.stdout.hasSuffix(">\n"))
            #expect(run.stderr.contains("<cred>"), "\(run.stderr)")
        }
    }

    // MARK: - Usage errors

    @Test(arguments: [
        (["-e", "env", "-k", "auth", "-l", "pol"], "Should set return values"),
        (["-r", "false,true", "-k", "auth", "-l", "pol"], "Should set environment"),
        (["-e", "env", "-r", "false,true", "-l", "pol"], "Should specify at least one action authorizer"),
        (["-e", "env", "-r", "false,true", "-k", "auth"], "Should specify at least one trusted assertion"),
        (["-e", "env", "-r", "a", "-r", "b", "-k", "auth", "-l", "pol"], "Do not define two sets of return values"),
        ([], "Should set return values"),
    ])
    func usageErrors(arguments: [String], message: String) async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            let run = try await ToolRunner.run(["verify"] + arguments, in: directory)
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }

    @Test func dashHPrintsTheUsage() async throws {
        try await ToolRunner.withDirectory { directory in
            let run = try await ToolRunner.run(["verify", "-h"], in: directory)
            #expect(run.status == 0)
            #expect(run.stdout.contains("keynote verify [-h] [-e file] [-k file] [-l file] -r retlist [file ...]"))
            #expect(run.stdout.contains("-k <file>"))
        }
    }

    @Test func aMissingFileIsNamed() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "nosuch", "-l", "pol"],
                                               in: directory)
            #expect(run.status == 1)
            #expect(run.stderr.contains("nosuch: No such file or directory"), "\(run.stderr)")
        }
    }

    // MARK: - Authorizer and environment files

    @Test(arguments: [
        ("\"alice\" \"bob\"\n", "line 1, column 9"),
        ("alice\n", "line 1, column 1"),
        ("\n\n  \"alice\n", "line 3"),
        ("", "line 1"),
    ])
    func aMalformedAuthorizerFileIsRejectedWithItsPlace(text: String, place: String) async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write(text, to: "bad-auth", in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "auth", "-k", "bad-auth",
                                                "-l", "pol"], in: directory)
            #expect(run.status == 1)
            #expect(!run.stdout.contains("Query result"))
            #expect(run.stderr.contains("Syntax error adding authorizer <bad-auth>, \(place)"), "\(run.stderr)")
        }
    }

    @Test func anUndecodableKeyIsRejected() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("\"rsa-base64:AAAA\"\n", to: "bad-key", in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "bad-key", "-l", "pol"],
                                               in: directory)
            #expect(run.status == 1)
            #expect(run.stderr.contains("adding authorizer <bad-key>"), "\(run.stderr)")
        }
    }

    /// Each -k file is read on its own (the reference reuses an uncleared
    /// buffer, so a short file after a long one would be misread).
    @Test func aShortAuthorizerFileAfterALongOneIsReadAlone() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("\"a-much-longer-principal-name\"\n# comment\n", to: "long", in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env", "-r", "false,true", "-k", "long", "-k", "auth",
                                                "-l", "pol"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "Query result = true\n")
        }
    }

    @Test func anEnvironmentFileErrorNamesTheFileAndLine() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("a = \"1\"\nb-c = \"2\"\n", to: "bad-env", in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "bad-env", "-r", "false,true", "-k", "auth", "-l", "pol"],
                                               in: directory)
            #expect(run.status == 1)
            #expect(!run.stdout.contains("Query result"))
            #expect(run.stderr.contains("Syntax error in environment file <bad-env>, line 2, column 2"), "\(run.stderr)")
        }
    }

    @Test func severalEnvironmentFilesAddUp() async throws {
        try await ToolRunner.withDirectory { directory in
            try Self.writeBasics(in: directory)
            try ToolRunner.write("app_domain = \"other\"\n", to: "env1", in: directory)
            try ToolRunner.write("# later files win\napp_domain = \"test\"\n", to: "env2", in: directory)
            let run = try await ToolRunner.run(["verify", "-e", "env1", "-e", "env2", "-r", "false,true", "-k", "auth",
                                                "-l", "pol"], in: directory)
            #expect(run.stdout == "Query result = true\n")
        }
    }
}
