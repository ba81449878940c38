import Foundation
import KeyNoteVectors
import KeyNote
import Testing

/// `keynote keygen`: files laid out like the reference's, private keys private,
/// keys that work for signing and queries.
@Suite struct KeygenTests {
    /// Lengths of the lines of a text (without the newlines).
    static func lineLengths(_ text: String) -> [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.utf8.count }
    }

    @Test func writesAKeyPairLaidOutLikeTheReference() async throws {
        try await ToolRunner.withDirectory { directory in
            let run = try await ToolRunner.run(["keygen", "rsa-base64:", "1024", "new.pub", "new.priv"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.isEmpty)

            let publicText = try String(contentsOf: directory.appendingPathComponent("new.pub"), encoding: .utf8)
            let privateText = try String(contentsOf: directory.appendingPathComponent("new.priv"), encoding: .utf8)
            #expect(publicText.hasPrefix("            \"rsa-base64:MIGJAoGBA"))
            #expect(privateText.hasPrefix("            \"private-rsa-base64:MII"))
            #expect(publicText.hasSuffix("\"\n"))
            #expect(privateText.hasSuffix("\"\n"))

            // Every RSA-1024 public key has the same length: the same lines as the vector's.
            let vector = String(decoding: try KeyNoteVectors.keyFile("rsa1024-b64-a.pub"), as: UTF8.self)
            #expect(Self.lineLengths(publicText) == Self.lineLengths(vector))
            for line in privateText.split(separator: "\n").dropLast() {
                #expect(line.utf8.count == 12 + 50)
                #expect(line.hasSuffix("\\"))
            }

            // Both parse back as quoted strings.
            let principal = String(decoding: try KeyNoteFiles.parseAuthorizer(Array(publicText.utf8)), as: UTF8.self)
            #expect(principal.hasPrefix("rsa-base64:"))
            #expect(!principal.contains("\\"))
            let secret = String(decoding: try KeyNoteFiles.parseAuthorizer(Array(privateText.utf8)), as: UTF8.self)
            #expect(secret.hasPrefix("private-rsa-base64:"))

            let privateMode = try FileManager.default.attributesOfItem(
                atPath: directory.appendingPathComponent("new.priv").path)[.posixPermissions] as? Int
            #expect(privateMode == 0o600)
        }
    }

    /// A new key signs an assertion (`sign -v`), the signature verifies
    /// (`sigver`), and the credential counts in a query with the public key
    /// file as the POLICY's licensee.
    @Test(arguments: [("rsa-hex:", "sig-rsa-sha1-hex:", "1024"), ("dsa-base64:", "sig-dsa-sha1-base64:", "1024")])
    func aNewKeyWorks(keyAlgorithm: String, signatureAlgorithm: String, bits: String) async throws {
        try await ToolRunner.withDirectory { directory in
            let keygen = try await ToolRunner.run(["keygen", keyAlgorithm, bits, "k.pub", "k.priv"], in: directory)
            #expect(keygen.status == 0, "\(keygen.stderr)")
            let publicFile = try Data(contentsOf: directory.appendingPathComponent("k.pub"))
            let principal = String(decoding: try KeyNoteFiles.parseAuthorizer([UInt8](publicFile)), as: UTF8.self)
            #expect(principal.hasPrefix(keyAlgorithm))

            let unsigned = "Authorizer: \"\(principal)\"\nLicensees: \"alice\"\nSignature:\n"
            try ToolRunner.write(unsigned, to: "cred", in: directory)
            let sign = try await ToolRunner.run(["sign", "-v", signatureAlgorithm, "cred", "k.priv"], in: directory)
            #expect(sign.status == 0, "\(sign.stderr)")
            #expect(sign.stdout.hasPrefix("            \"\(signatureAlgorithm)"))
            try ToolRunner.write(unsigned + sign.stdout, to: "cred", in: directory)

            let sigver = try await ToolRunner.run(["sigver", "cred"], in: directory)
            #expect(sigver.stdout == "Signature on assertion 0 verified.\n", "\(sigver.stderr)")

            try ToolRunner.write("Authorizer: \"POLICY\"\nLicensees: \"\(principal)\"\n", to: "pol", in: directory)
            try ToolRunner.write("a = \"b\"\n", to: "env", in: directory)
            try ToolRunner.write("\"alice\"\n", to: "auth", in: directory)
            let verify = try await ToolRunner.run(["verify", "-e", "env", "-r", "no,yes", "-k", "auth", "-l", "pol", "cred"],
                                                  in: directory)
            #expect(verify.stdout == "Query result = yes\n", "\(verify.stderr)")
            // The .pub file itself is a valid -k file.
            let asAuthorizer = try await ToolRunner.run(["verify", "-e", "env", "-r", "no,yes", "-k", "k.pub", "-l", "pol"],
                                                        in: directory)
            #expect(asAuthorizer.stdout == "Query result = yes\n", "\(asAuthorizer.stderr)")
        }
    }

    @Test func dashPrintsBothKeysSeparated() async throws {
        try await ToolRunner.withDirectory { directory in
            let run = try await ToolRunner.run(["keygen", "rsa-base64:", "512", "-", "-"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            let parts = run.stdout.components(separatedBy: "===========================\n")
            #expect(parts.count == 2)
            #expect(parts.first?.hasPrefix("            \"rsa-base64:") == true)
            #expect(parts.last?.hasPrefix("            \"private-rsa-base64:") == true)
        }
    }

    /// The algorithm name is printed as given; the reference never breaks a
    /// line inside it, and prints the whole key on one line when the name
    /// alone fills the first line.
    @Test func printOffsetAndLength() async throws {
        try await ToolRunner.withDirectory { directory in
            let run = try await ToolRunner.run(["keygen", "RSA-Base64", "512", "-", "-", "2", "20"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("Algorithm name [RSA-Base64] should be terminated with a colon, fixing."))
            let parts = run.stdout.components(separatedBy: "===========================\n")
            let publicLines = parts.first?.split(separator: "\n") ?? []
            #expect(publicLines.first?.hasPrefix("  \"RSA-Base64:") == true)
            #expect(publicLines.count > 2)
            for line in publicLines.dropLast() {
                #expect(line.utf8.count == 2 + 20)
            }
            let privateLines = parts.last?.split(separator: "\n") ?? []
            #expect(privateLines.count == 1)
            #expect(privateLines.first?.hasPrefix("  \"private-RSA-Base64:MII") == true)
        }
    }

    @Test(arguments: [
        (["keygen", "foo-hex:", "1024", "a", "b"], "Unknown/unsupported algorithm [foo-hex:]"),
        (["keygen", "rsa-hex:", "0", "a", "b"], "Invalid specified keysize 0"),
        (["keygen", "rsa-hex:", "100", "a", "b"], "Invalid specified keysize 100"),
        (["keygen", "rsa-base64:", "1024", "a", "b", "12", "12"], "print-length"),
        (["keygen", "rsa-base64:", "1024", "a", "b", "12", "0"], "print-length"),
        (["keygen", "rsa-base64:", "1024", "a"], "PrivateKeyFile"),
        (["keygen", "rsa-base64:", "1024", "a", "no-such-dir/b"], "no-such-dir/b"),
    ])
    func errors(arguments: [String], message: String) async throws {
        try await ToolRunner.withDirectory { directory in
            let run = try await ToolRunner.run(arguments, in: directory)
            #expect(run.status == 1)
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }
}
