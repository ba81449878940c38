import ArgumentParser
import KeyNote

/// `keynote sigver AssertionFile` (keynote(1) "SIGNATURE VERIFICATION").
///
/// Verifies the signature of every assertion in the file (assertions are
/// separated by empty lines) and prints one line per assertion, numbered from
/// 0, as the reference does:
///
/// ```
/// Signature on assertion 0 verified.
/// Signature on assertion 1 did not verify!
/// ```
///
/// An assertion that cannot be parsed is reported on standard error. As in
/// the reference, the exit status is 0 once the file was read, whatever the
/// signatures: scripts read the lines.
struct Sigver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigver",
        abstract: "Verify the signatures of the assertions in a file."
    )

    @Argument(help: ArgumentHelp("A file of assertions separated by empty lines.", valueName: "AssertionFile"))
    var assertionFile: String

    func run() throws {
        let file = try Files.read(assertionFile)
        guard !file.isEmpty else {
            throw ToolFailure("Illegal assertion-file size 0 in <\(assertionFile)>")
        }
        let pieces = AssertionList.split(file)
        guard !pieces.isEmpty else {
            throw ToolFailure("No assertions found in \(assertionFile).")
        }
        for (index, piece) in pieces.enumerated() {
            do {
                _ = try Assertion(parsing: piece.bytes)
            } catch {
                Console.error("Syntax error while parsing assertion \(index) in "
                    + ErrorText.describe(error, file: assertionFile, bytes: file, base: piece.offset))
                continue
            }
            do {
                if try AssertionSigning.verify(piece.bytes) {
                    Console.output("Signature on assertion \(index) verified.\n")
                } else {
                    Console.output("Signature on assertion \(index) did not verify!\n")
                }
            } catch {
                Console.output("Signature on assertion \(index) could not be verified ("
                    + ErrorText.describe(error, file: assertionFile, bytes: file, base: piece.offset) + ").\n")
            }
        }
    }
}
