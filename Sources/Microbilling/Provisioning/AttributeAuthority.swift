import MicrocheckCrypto

/// An authority other than the PA that vouches for a payer's attribute with a
/// credential (paper, section 2: adulthood; section 3.1: the car rental's DMV
/// driver's licence). A merchant policy that gates a category on the
/// authority's key requires its credential besides payment.
public struct AttributeAuthority: Sendable {
    /// The authority's key.
    public let key: KeyNotePrivateKey
    /// The attribute it vouches for, e.g. `adult` or `driver-licence`.
    public let attribute: String

    /// Creates an authority.
    public init(key: KeyNotePrivateKey, attribute: String) throws(MicrobillingError) {
        try Token.require(Token.isWord(attribute), "attribute", attribute)
        self.key = key
        self.attribute = attribute
    }

    /// Vouches for `payer` in `appDomain` for `categories` over `notBefore..<notAfter`.
    public func vouch(for payer: KeyNoteKey, appDomain: String, categories: [String], serial: String,
                      notBefore: UTCTime, notAfter: UTCTime) throws(MicrobillingError) -> SignedCredential {
        var terms = CredentialTerms(kind: .attribute, serial: serial, appDomain: appDomain, notBefore: notBefore, notAfter: notAfter)
        terms.attribute = attribute
        terms.allowedCategories = categories
        return try SignedCredential.issue(terms: terms, by: key, to: payer)
    }
}
