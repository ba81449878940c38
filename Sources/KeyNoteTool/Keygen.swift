import ArgumentParser
import MicrocheckCrypto

/// `keynote keygen AlgorithmName KeySize PublicKeyFile PrivateKeyFile
/// [print-offset] [print-length]` (keynote(1) "KEY GENERATION").
///
/// Writes the public key (`"rsa-base64:MIGJ..."`) and the private key
/// (`"private-rsa-base64:MIIC..."`) as quoted strings wrapped like the
/// reference's output. `-` as a file name prints to standard output (a line of
/// `=` separates the two keys when both are printed). The private key file is
/// created with mode 0600.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a public/private key pair.",
        discussion: """
            AlgorithmName is one of rsa-hex:, rsa-base64:, dsa-hex:, dsa-base64: \
            (and this project's ed25519-hex:, ed25519-base64:, whose KeySize is ignored). \
            The trailing colon is required (a missing one is added, with a warning). \
            Either file name may be '-' for standard output.
            """
    )

    @Argument(help: ArgumentHelp("The key algorithm and ASCII encoding, e.g. rsa-base64:", valueName: "AlgorithmName"))
    var algorithmName: String

    @Argument(help: ArgumentHelp("The key size in bits (1024 or 2048 are typical; DSA needs 512 or more).",
                                 valueName: "KeySize"))
    var keySize: Int

    @Argument(help: ArgumentHelp("Where to write the public key ('-' for standard output).", valueName: "PublicKeyFile"))
    var publicKeyFile: String

    @Argument(help: ArgumentHelp("Where to write the private key ('-' for standard output).", valueName: "PrivateKeyFile"))
    var privateKeyFile: String

    @OptionGroup var layout: PrintLayout

    /// The algorithm name with its colon, spelled as given.
    var fixedAlgorithmName: String { algorithmNameWithColon(algorithmName, warn: false) }

    func validate() throws {
        let name = fixedAlgorithmName
        guard name.unicodeScalars.count + 2 <= layout.printLength else {
            throw ValidationError(
                "Parameter ``print-length'' should be larger than the length of AlgorithmName (\(name.unicodeScalars.count))"
            )
        }
        guard keySize > 0 else {
            throw ValidationError("Invalid specified keysize \(keySize)")
        }
    }

    func run() throws {
        let name = algorithmNameWithColon(algorithmName, warn: true)
        guard let (algorithm, encoding) = Self.keyAlgorithm(named: name) else {
            throw ToolFailure("Unknown/unsupported algorithm [\(name)]")
        }
        let key: KeyNotePrivateKey
        do {
            key = try KeyNotePrivateKey.generate(algorithm, bits: keySize)
        } catch {
            if error.code == .invalidKeySize {
                throw ToolFailure("Invalid specified keysize \(keySize): \(error.reason)")
            }
            throw ToolFailure("Key generation failed: \(ErrorText.describe(error))")
        }
        // The keys are printed with the algorithm name as the user spelled it,
        // as the reference does; only the encoded key material follows it.
        let prefix = "\(algorithm.name)-\(encoding.name):"
        let publicText = String(key.publicKey.encoded(encoding).dropFirst(prefix.count))
        let privateText = String(key.encoded(encoding).dropFirst("private-".count + prefix.count))

        try Files.write(layout.format(prefix: name, body: publicText), to: publicKeyFile, private: false)
        if publicKeyFile == "-", privateKeyFile == "-" {
            Console.output("===========================\n")
        }
        try Files.write(layout.format(prefix: "private-" + name, body: privateText), to: privateKeyFile, private: true)
    }

    /// The key algorithm and encoding of a key-generation algorithm name
    /// (ASCII case-insensitive, with its colon), or nil.
    static func keyAlgorithm(named name: String) -> (KeyAlgorithm, KeyNoteTextEncoding)? {
        let lowercased = String(decoding: name.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        for algorithm in KeyAlgorithm.allCases {
            for encoding in KeyNoteTextEncoding.allCases where lowercased == "\(algorithm.name)-\(encoding.name):" {
                return (algorithm, encoding)
            }
        }
        return nil
    }
}
