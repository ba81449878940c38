import KeyNote
import MicrocheckCrypto

/// Writes and signs the KeyNote assertions of the system (credentials and
/// microchecks) in one layout:
///
/// ```
/// KeyNote-Version: 2
/// Comment: ...
/// Authorizer: "rsa-base64:..."
/// Licensees: "rsa-base64:..."
/// Conditions: ... -> "true";
/// Signature: "sig-rsa-sha1-base64:..."
/// ```
///
/// RSA and DSA keys sign with the reference's algorithms, so the reference
/// `keynote sigver` accepts the result; Ed25519 keys use the extension of
/// `protocol-spec/keynote-extensions.md`.
public enum AssertionWriter {
    /// The text up to and including `Signature:`, which the signature covers.
    public static func unsigned(comment: String?, authorizer: KeyNoteKey, licensees: String, conditions: String) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(96 + (comment?.utf8.count ?? 0) + authorizer.encoded(.base64).utf8.count + licensees.utf8.count + conditions.utf8.count)
        appendUnsigned(comment: comment, authorizer: authorizer, licensees: licensees, to: &text) { $0.append(contentsOf: conditions.utf8) }
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the text of ``unsigned(comment:authorizer:licensees:conditions:)``
    /// to `text`, the Conditions field's value written by `conditions`.
    static func appendUnsigned(comment: String?, authorizer: KeyNoteKey, licensees: String, to text: inout [UInt8],
                               conditions: (inout [UInt8]) -> Void) {
        text.append(contentsOf: "KeyNote-Version: 2\n".utf8)
        if let comment {
            text.append(contentsOf: "Comment: ".utf8)
            text.append(contentsOf: comment.utf8)
            text.append(UInt8(ascii: "\n"))
        }
        text.append(contentsOf: "Authorizer: \"".utf8)
        text.append(contentsOf: authorizer.encoded(.base64).utf8)
        text.append(contentsOf: "\"\nLicensees: ".utf8)
        text.append(contentsOf: licensees.utf8)
        text.append(contentsOf: "\nConditions: ".utf8)
        conditions(&text)
        text.append(contentsOf: "\nSignature:".utf8)
    }

    /// Signs `unsigned` (from ``unsigned(comment:authorizer:licensees:conditions:)``) with `key`.
    ///
    /// - Returns: the complete assertion, ending in a newline.
    public static func sign(_ unsigned: String, with key: KeyNotePrivateKey) throws(MicrobillingError) -> String {
        let algorithm = KeyNoteSignatureAlgorithm.default(for: key.algorithm, encoding: .base64)
        do {
            let signature = try AssertionSigning.sign(Array(unsigned.utf8), algorithm: algorithm, key: key, verify: false)
            return unsigned + " \"\(signature)\"\n"
        } catch {
            throw MicrobillingError(.keyFailure, "cannot sign: \(error)")
        }
    }

    /// A quoted principal for a Licensees field.
    public static func quoted(_ key: KeyNoteKey) -> String {
        "\"\(key.encoded(.base64))\""
    }
}
