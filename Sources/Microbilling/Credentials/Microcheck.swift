#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    ///
    /// - Parameter id: the text's id when the caller computed it already.
    static func reading(_ text: String, id: String? = nil) throws(MicrobillingError) -> (microcheck: Microcheck, assertion: Assertion) {
        let (assertion, payer, payee) = try AssertionReader.read(text, as: "microcheck", maximumSize: Self.maximumSize)
        let known: String
        if let id { known = id } else { known = try ShortID.of(text) }
        return (Microcheck(text: text, payer: payer, payee: payee, id: known), assertion)
    }

    private init(text: String, payer: KeyNoteKey, payee: String, id: String) {
        self.text = text
        self.payer = payer
        self.payee = payee
        self.id = id
    }

    /// The unsigned text of the microcheck for `offer` from `payer`.
    public static func unsignedText(for offer: Offer, payer: KeyNoteKey) -> String {
        String(decoding: unsignedBytes(for: offer, payer: payer), as: UTF8.self)
    }

    /// The bytes of ``unsignedText(for:payer:)``, with room for `extra` more
    /// (a signature), written once into one buffer.
    package static func unsignedBytes(for offer: Offer, payer: KeyNoteKey, extra: Int = 0) -> [UInt8] {
        let principal = offer.merchantPrincipal
        var text: [UInt8] = []
        text.reserveCapacity(640 + payer.encoded(.base64).utf8.count + principal.utf8.count + extra)
        AssertionWriter.appendUnsigned(comment: "microcheck", authorizer: payer, licensees: "\"\(principal)\"", to: &text) { text in
            func binding(_ name: String, _ value: (inout [UInt8]) -> Void) {
                text.append(contentsOf: name.utf8)
                text.append(contentsOf: " == \"".utf8)
                value(&text)
                text.append(UInt8(ascii: "\""))
            }
            let separator = " &&\n    ".utf8
            binding(OfferAttribute.appDomain) { $0.append(contentsOf: offer.appDomain.utf8) }
            text.append(contentsOf: separator)
            binding(OfferAttribute.merchantID) { $0.append(contentsOf: offer.merchantID.utf8) }
            text.append(contentsOf: separator)
            binding(OfferAttribute.currency) { $0.append(contentsOf: offer.price.currency.code.utf8) }
            text.append(contentsOf: separator)
            binding(OfferAttribute.amount) { offer.price.appendDecimalText(to: &$0) }
            text.append(contentsOf: separator)
            binding(OfferAttribute.amountMinor) { ASCIIText.appendDecimal(offer.price.minorUnits, to: &$0) }
            text.append(contentsOf: separator)
            binding(OfferAttribute.nonce) { $0.append(contentsOf: offer.nonce.utf8) }
            text.append(contentsOf: separator)
            binding(OfferAttribute.date) { offer.time.appendDateText(to: &$0) }
            text.append(contentsOf: separator)
            binding(OfferAttribute.timestamp) { offer.time.appendStamp(to: &$0) }
            text.append(contentsOf: " -> \"true\";".utf8)
        }
        return text
    }

    /// Writes and signs the microcheck for `offer` with the payer's key.
    public static func write(for offer: Offer, by payer: KeyNotePrivateKey) throws(MicrobillingError) -> Microcheck {
        try Microcheck(text: AssertionWriter.sign(unsignedText(for: offer, payer: payer.publicKey), with: payer))
    }

    /// Whether this microcheck is, byte for byte, the one this system writes
    /// for `offer` (signature aside).
    public func isBound(to offer: Offer) -> Bool {
        var expected = Self.unsignedBytes(for: offer, payer: payer, extra: 2)
        expected.append(contentsOf: " \"".utf8)
        var text = text
        // Compared with memcmp: the generic UTF8View comparison is several times slower.
        return text.withUTF8 { text in
            expected.withUnsafeBufferPointer { expected in
                guard text.count >= expected.count, let lhs = text.baseAddress, let rhs = expected.baseAddress else { return false }
                return memcmp(lhs, rhs, expected.count) == 0
            }
        }
    }
}
