import ArgumentParser
import KeyNote
import MicrocheckCrypto

/// `keynote sign [-v] AlgorithmName AssertionFile PrivateKeyFile
/// [print-offset] [print-length]` (keynote(1) "ASSERTION SIGNING").
///
/// Prints the signature of the assertion, quoted and wrapped like the
/// reference's output, ready to be pasted after its `Signature:` keyword. The
/// assertion must already have a (possibly empty) Signature field, and its
/// Authorizer must be the public half of the private key.
struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign an assertion.",
        discussion: """
            AlgorithmName is one of sig-rsa-sha1-hex:, sig-rsa-sha1-base64:, sig-rsa-md5-hex:, \
            sig-rsa-md5-base64:, sig-dsa-sha1-hex:, sig-dsa-sha1-base64: (and this project's \
            sig-ed25519-hex:, sig-ed25519-base64:). The trailing colon is required (a missing one \
            is added, with a warning). PrivateKeyFile is a private key as keygen writes it.
            """
    )

    @Flag(name: .customShort("v"), help: "Also verify the new signature with the key in the Authorizer field.")
    var verify = false

    @Argument(help: ArgumentHelp("The signature algorithm, e.g. sig-rsa-sha1-base64:", valueName: "AlgorithmName"))
    var algorithmName: String

    @Argument(help: ArgumentHelp("The assertion to sign.", valueName: "AssertionFile"))
    var assertionFile: String

    @Argument(help: ArgumentHelp("The signer's private key, as written by keygen.", valueName: "PrivateKeyFile"))
    var privateKeyFile: String

    @OptionGroup var layout: PrintLayout

    func run() throws {
        let name = algorithmNameWithColon(algorithmName, warn: true)
        let assertion = try Files.read(assertionFile)
        guard !assertion.isEmpty else {
            throw ToolFailure("Error: zero-sized assertion-file <\(assertionFile)>.")
        }
        let key = try Self.readPrivateKey(privateKeyFile)
        guard let algorithm = KeyNoteSignatureAlgorithm(name: name) else {
            throw ToolFailure("Unknown/unsupported signature algorithm [\(name)]")
        }
        let signature: String
        do {
            signature = try AssertionSigning.sign(assertion, algorithm: algorithm, key: key, verify: verify)
        } catch {
            throw ToolFailure("Cannot sign the assertion in " + ErrorText.describe(error, file: assertionFile))
        }
        Console.output(layout.format(prefix: "", body: signature))
    }

    /// Reads a private key file: one quoted string (backslash-newline
    /// continuations allowed, `#` comments around it) holding `private-...`.
    static func readPrivateKey(_ path: String) throws(ToolFailure) -> KeyNotePrivateKey {
        let bytes = try Files.read(path)
        guard !bytes.isEmpty else {
            throw ToolFailure("Illegal key-file size 0 in <\(path)>")
        }
        let text: String
        do {
            text = String(decoding: try KeyNoteFiles.parseAuthorizer(bytes), as: UTF8.self)
        } catch {
            throw ToolFailure("Syntax error in private key file " + ErrorText.describe(error, file: path))
        }
        do {
            return try KeyNotePrivateKey.parse(text)
        } catch {
            throw ToolFailure("Cannot decode the private key in <\(path)>: \(ErrorText.describe(error))")
        }
    }
}
