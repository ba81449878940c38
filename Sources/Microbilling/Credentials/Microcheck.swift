import KeyNote
import MicrocheckCrypto

/// A KeyNote microcheck (paper, section 3.3): a credential signed by the
/// payer, payable to the merchant's key, valid only for one offer.
///
/// Its conditions bind the offer by exact string equality (domain, merchant
/// id, currency, amount, nonce, date and moment), so nothing is read as a
/// number. The text is canonical: a merchant rebuilds it from the offer and
/// compares bytes, which is the binding check.
public struct Microcheck: Sendable, Hashable {
    /// The assertion, byte for byte as signed.
    public let text: String
    /// The payer's key (the Authorizer).
    public let payer: KeyNoteKey
    /// The payee's principal string (the Licensee).
    public let payee: String
    /// A short stable id of the text.
    public let id: String

    /// The most bytes a microcheck may have.
    public static let maximumSize = 8 * 1024

    /// Reads a microcheck.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidAssertion`` when
    ///   the text is too large, does not parse, or lacks a key Authorizer or a
    ///   single Licensee.
    public init(text: String) throws(MicrobillingError) {
        self = try Self.reading(text).microcheck
    }

    /// Reads a microcheck and keeps the parsed assertion, for a compliance
    /// check that should not parse it again.
    static func reading(_ text: String) throws(MicrobillingError) -> (microcheck: Microcheck, assertion: Assertion) {
        let (assertion, payer, payee) = try AssertionReader.read(text, as: "microcheck", maximumSize: Self.maximumSize)
        return (Microcheck(text: text, payer: payer, payee: payee, id: try ShortID.of(text)), assertion)
    }

    private init(text: String, payer: KeyNoteKey, payee: String, id: String) {
        self.text = text
        self.payer = payer
        self.payee = payee
        self.id = id
    }

    /// The unsigned text of the microcheck for `offer` from `payer`.
    public static func unsignedText(for offer: Offer, payer: KeyNoteKey) -> String {
        let bindings = [
            "\(OfferAttribute.appDomain) == \"\(offer.appDomain)\"",
            "\(OfferAttribute.merchantID) == \"\(offer.merchantID)\"",
            "\(OfferAttribute.currency) == \"\(offer.price.currency.code)\"",
            "\(OfferAttribute.amount) == \"\(offer.price.decimalText)\"",
            "\(OfferAttribute.amountMinor) == \"\(offer.price.minorUnits)\"",
            "\(OfferAttribute.nonce) == \"\(offer.nonce)\"",
            "\(OfferAttribute.date) == \"\(offer.time.dateText)\"",
            "\(OfferAttribute.timestamp) == \"\(offer.time.stamp)\"",
        ]
        return AssertionWriter.unsigned(comment: "microcheck", authorizer: payer,
                                        licensees: "\"\(offer.merchantPrincipal)\"",
                                        conditions: bindings.joined(separator: " &&\n    ") + " -> \"true\";")
    }

    /// Writes and signs the microcheck for `offer` with the payer's key.
    public static func write(for offer: Offer, by payer: KeyNotePrivateKey) throws(MicrobillingError) -> Microcheck {
        try Microcheck(text: AssertionWriter.sign(unsignedText(for: offer, payer: payer.publicKey), with: payer))
    }

    /// Whether this microcheck is, byte for byte, the one this system writes
    /// for `offer` (signature aside).
    public func isBound(to offer: Offer) -> Bool {
        var expected = Self.unsignedText(for: offer, payer: payer) + " \""
        var text = text
        // Compared as contiguous bytes: the generic UTF8View comparison is several times slower.
        return text.withUTF8 { text in expected.withUTF8 { expected in text.starts(with: expected) } }
    }
}
