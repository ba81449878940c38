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
        var text = "KeyNote-Version: 2\n"
        if let comment { text += "Comment: \(comment)\n" }
        text += "Authorizer: \"\(authorizer.encoded(.base64))\"\n"
        text += "Licensees: \(licensees)\n"
        text += "Conditions: \(conditions)\n"
        text += "Signature:"
        return text
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
