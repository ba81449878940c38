import Foundation
import KeyNoteVectors
import Testing

/// `keynote sign` and `keynote sigver` against the reference's signing vectors.
@Suite struct SignTests {
    static let vectors: [KeyNoteVectors.SigningCase] = (try? KeyNoteVectors.signingCases()) ?? []

    @Test func allSigningVectorsAreLoaded() throws {
        #expect(try KeyNoteVectors.signingCases().count == 60)
    }

    /// Vectors whose unsigned text ends with `Signature: ` were signed with
    /// the single-line layout `0 100000`; the others with the default one.
    static func layoutArguments(_ vector: KeyNoteVectors.SigningCase) -> [String] {
        vector.unsigned.hasSuffix(" ") ? ["0", "100000"] : []
    }

    /// RSA (PKCS#1 v1.5) signatures are deterministic: `unsigned` + the
    /// printed signature must be `signed` byte for byte. DSA signatures are
    /// randomised: the new signature must verify, and so must the reference's.
    @Test(arguments: vectors)
    func signsLikeTheReference(_ vector: KeyNoteVectors.SigningCase) async throws {
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write(vector.unsigned, to: "assertion", in: directory)
            try ToolRunner.write(bytes: [UInt8](KeyNoteVectors.keyFile(vector.key)), to: "key", in: directory)
            let run = try await ToolRunner.run(["sign", vector.algorithm + ":", "assertion", "key"]
                + Self.layoutArguments(vector), in: directory)
            #expect(run.status == 0, "\(vector.id): \(run.stderr)")
            if vector.verify_only {
                try ToolRunner.write(vector.unsigned + run.stdout + "\n" + vector.signed, to: "both", in: directory)
                let sigver = try await ToolRunner.run(["sigver", "both"], in: directory)
                #expect(sigver.stdout == "Signature on assertion 0 verified.\nSignature on assertion 1 verified.\n",
                        "\(vector.id): \(sigver.stderr)")
            } else {
                #expect(vector.unsigned + run.stdout == vector.signed, "\(vector.id)")
            }
        }
    }

    @Test func singleLineLayout() async throws {
        guard let vector = Self.vectors.first(where: { !$0.verify_only && $0.unsigned.hasSuffix("Signature:\n") }) else {
            Issue.record("no RSA vector with the default layout")
            return
        }
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write(vector.unsigned, to: "assertion", in: directory)
            try ToolRunner.write(bytes: [UInt8](KeyNoteVectors.keyFile(vector.key)), to: "key", in: directory)
            let run = try await ToolRunner.run(["sign", vector.algorithm + ":", "assertion", "key", "0", "100000"],
                                               in: directory)
            #expect(run.stdout == "\"\(vector.signature)\"\n")
            let indented = try await ToolRunner.run(["sign", vector.algorithm + ":", "assertion", "key", "4", "100000"],
                                                    in: directory)
            #expect(indented.stdout == "    \"\(vector.signature)\"\n")
        }
    }

    @Test func dashVVerifiesTheNewSignature() async throws {
        let vector = try KeyNoteVectors.signingCase("signing.001")
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write(vector.unsigned, to: "assertion", in: directory)
            try ToolRunner.write(bytes: [UInt8](KeyNoteVectors.keyFile(vector.key)), to: "key", in: directory)
            try ToolRunner.write(bytes: [UInt8](KeyNoteVectors.keyFile("rsa1024-b64-b.priv")), to: "other", in: directory)

            let good = try await ToolRunner.run(["sign", "-v", vector.algorithm + ":", "assertion", "key"], in: directory)
            #expect(good.status == 0, "\(good.stderr)")
            #expect(vector.unsigned + good.stdout == vector.signed)

            // Another key's signature is made, but -v finds that it does not verify.
            let unchecked = try await ToolRunner.run(["sign", vector.algorithm + ":", "assertion", "other"], in: directory)
            #expect(unchecked.status == 0)
            let checked = try await ToolRunner.run(["sign", "-v", vector.algorithm + ":", "assertion", "other"],
                                                   in: directory)
            #expect(checked.status == 1)
            #expect(checked.stdout.isEmpty)
            #expect(checked.stderr.contains("<assertion>"), "\(checked.stderr)")
        }
    }

    @Test func aMissingColonIsAddedWithAWarning() async throws {
        let vector = try KeyNoteVectors.signingCase("signing.001")
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write(vector.unsigned, to: "assertion", in: directory)
            try ToolRunner.write(bytes: [UInt8](KeyNoteVectors.keyFile(vector.key)), to: "key", in: directory)
            let run = try await ToolRunner.run(["sign", vector.algorithm, "assertion", "key"], in: directory)
            #expect(run.status == 0)
            #expect(vector.unsigned + run.stdout == vector.signed)
            #expect(run.stderr.contains("should be terminated with a colon, fixing."))
        }
    }

    @Test(arguments: [
        (["sign", "sig-foo:", "assertion", "key"], "sig-foo:"),
        (["sign", "sig-rsa-sha1-base64:", "nosuch", "key"], "nosuch: No such file or directory"),
        (["sign", "sig-rsa-sha1-base64:", "empty", "key"], "zero-sized assertion-file <empty>"),
        (["sign", "sig-rsa-sha1-base64:", "assertion", "bad-key"], "<bad-key>"),
        (["sign", "sig-rsa-sha1-base64:", "assertion", "public-key"], "<public-key>"),
        (["sign", "sig-rsa-sha1-base64:", "no-signature", "key"], "<no-signature>"),
        (["sign", "sig-dsa-sha1-base64:", "assertion", "key"], "<assertion>"),
        (["sign", "sig-rsa-sha1-base64:", "assertion", "key", "-1"], "-1"),
        (["sign", "sig-rsa-sha1-base64:", "assertion"], "PrivateKeyFile"),
    ])
    func errors(arguments: [String], message: String) async throws {
        let vector = try KeyNoteVectors.signingCase("signing.001")
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write(vector.unsigned, to: "assertion", in: directory)
            try ToolRunner.write("", to: "empty", in: directory)
            try ToolRunner.write(String(vector.unsigned.dropLast("Signature:\n".count)), to: "no-signature", in: directory)
            try ToolRunner.write(bytes: [UInt8](KeyNoteVectors.keyFile(vector.key)), to: "key", in: directory)
            try ToolRunner.write(bytes: [UInt8](KeyNoteVectors.keyFile(vector.public_key)), to: "public-key", in: directory)
            try ToolRunner.write("\"private-rsa-base64:AAAA\n", to: "bad-key", in: directory)
            let run = try await ToolRunner.run(arguments, in: directory)
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }
}

/// `keynote sigver`: one line per assertion of the file.
@Suite struct SigverTests {
    @Test func validAndTamperedAssertions() async throws {
        let first = try KeyNoteVectors.signingCase("signing.001").signed
        let second = try KeyNoteVectors.signingCase("signing.049").signed
        let tampered = first.replacingOccurrences(of: "\"alice\"", with: "\"alicf\"")
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write(first, to: "one", in: directory)
            let one = try await ToolRunner.run(["sigver", "one"], in: directory)
            #expect(one.status == 0)
            #expect(one.stdout == "Signature on assertion 0 verified.\n")

            try ToolRunner.write(tampered, to: "tampered", in: directory)
            let bad = try await ToolRunner.run(["sigver", "tampered"], in: directory)
            #expect(bad.status == 0)
            #expect(bad.stdout == "Signature on assertion 0 did not verify!\n")

            // Assertions separated by empty lines; whitespace-only pieces are skipped.
            try ToolRunner.write("\n\n" + first + "\n" + tampered + "\n \n\n" + second + "\n\n\n", to: "many", in: directory)
            let many = try await ToolRunner.run(["sigver", "many"], in: directory)
            #expect(many.stdout == """
                Signature on assertion 0 verified.
                Signature on assertion 1 did not verify!
                Signature on assertion 2 verified.

                """)
        }
    }

    @Test func anAssertionThatDoesNotParseIsNamedWithItsLine() async throws {
        let first = try KeyNoteVectors.signingCase("signing.001").signed
        try await ToolRunner.withDirectory { directory in
            // `first` holds `newlines` lines; an empty line follows, then the
            // broken assertion, whose error is on its second line.
            let newlines = first.utf8.filter { $0 == UInt8(ascii: "\n") }.count
            try ToolRunner.write(first + "\nAuthorizer: \"POLICY\"\nLicensees \"x\"\n\n" + first, to: "file", in: directory)
            let run = try await ToolRunner.run(["sigver", "file"], in: directory)
            #expect(run.status == 0)
            #expect(run.stdout == "Signature on assertion 0 verified.\nSignature on assertion 2 verified.\n")
            #expect(run.stderr.contains("Syntax error while parsing assertion 1 in <file>, line \(newlines + 3)"),
                    "\(run.stderr)")
        }
    }

    @Test func unsignedAssertion() async throws {
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write("Authorizer: \"POLICY\"\nLicensees: \"x\"\n", to: "policy", in: directory)
            let run = try await ToolRunner.run(["sigver", "policy"], in: directory)
            #expect(run.status == 0)
            #expect(run.stdout == "Signature on assertion 0 did not verify!\n")
        }
    }

    @Test(arguments: [
        (["sigver"], "AssertionFile"),
        (["sigver", "nosuch"], "nosuch: No such file or directory"),
        (["sigver", "empty"], "<empty>"),
        (["sigver", "blank"], "No assertions found in blank"),
    ])
    func errors(arguments: [String], message: String) async throws {
        try await ToolRunner.withDirectory { directory in
            try ToolRunner.write("", to: "empty", in: directory)
            try ToolRunner.write(" \n\n\t\n", to: "blank", in: directory)
            let run = try await ToolRunner.run(arguments, in: directory)
            #expect(run.status == 1)
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }
}
