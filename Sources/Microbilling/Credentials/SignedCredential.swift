import KeyNote
import MicrocheckCrypto

/// A credential as it travels: its exact text, and what the system reads
/// from it (issuer, subject, terms). Reading does not check the signature;
/// the compliance checker does that when it decides.
public struct SignedCredential: Sendable, Hashable {
    /// The assertion, byte for byte as signed.
    public let text: String
    /// The Authorizer's key.
    public let issuer: KeyNoteKey
    /// The single Licensee's key.
    public let subject: KeyNoteKey
    /// The terms from the signed Comment.
    public let terms: CredentialTerms
    /// A short stable id: the first 16 bytes of SHA-256 of the text, in hex.
    public let id: String

    /// The most bytes a credential may have.
    public static let maximumSize = 16 * 1024

    /// Reads a credential written by this system.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidAssertion`` when
    ///   the text is too large, is not a KeyNote assertion, or lacks a key
    ///   Authorizer, a single key Licensee or a terms Comment.
    public init(text: String) throws(MicrobillingError) {
        self = try Self.reading(text).credential
    }

    /// Reads a credential and keeps the parsed assertion, for compliance
    /// checks that should not parse it (nor verify its signature) again.
    static func reading(_ text: String) throws(MicrobillingError) -> (credential: SignedCredential, assertion: Assertion) {
        let (assertion, issuer, licensee) = try AssertionReader.read(text, as: "credential", maximumSize: Self.maximumSize)
        guard let subject = try? KeyNoteKey.parse(licensee) else {
            throw MicrobillingError(.invalidAssertion, "credential: the Licensee is not a public key")
        }
        guard let comment = assertion.comment, let terms = TermsComment.read(comment) else {
            throw MicrobillingError(.invalidAssertion, "credential: no readable microcheck-terms Comment")
        }
        return (SignedCredential(text: text, issuer: issuer, subject: subject, terms: terms, id: try ShortID.of(text)), assertion)
    }

    private init(text: String, issuer: KeyNoteKey, subject: KeyNoteKey, terms: CredentialTerms, id: String) {
        self.text = text
        self.issuer = issuer
        self.subject = subject
        self.terms = terms
        self.id = id
    }

    /// Writes and signs a credential from `issuerKey` to `subject` with `terms`.
    public static func issue(terms: CredentialTerms, by issuerKey: KeyNotePrivateKey, to subject: KeyNoteKey) throws(MicrobillingError) -> SignedCredential {
        let conditions = try ConditionsWriter.conditions(for: terms)
        let unsigned = AssertionWriter.unsigned(comment: TermsComment.write(terms), authorizer: issuerKey.publicKey,
                                                licensees: AssertionWriter.quoted(subject), conditions: conditions)
        return try SignedCredential(text: AssertionWriter.sign(unsigned, with: issuerKey))
    }
}
