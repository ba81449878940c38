import MicrocheckCrypto

/// A purchase the merchant accepted: everything clearing needs to pay it
/// (paper, section 3.3: the microcheck, the payer credential and the offer).
public struct AcceptedPurchase: Sendable, Hashable {
    /// The offer, as made.
    public var offer: Offer
    /// The payer's key.
    public var payer: KeyNoteKey
    /// The microcheck's text.
    public var microcheck: String
    /// The credentials the payer presented, in order.
    public var credentials: [String]
    /// The microcheck's id.
    public var microcheckID: String

    /// Creates a record.
    public init(offer: Offer, payer: KeyNoteKey, microcheck: String, credentials: [String], microcheckID: String) {
        self.offer = offer
        self.payer = payer
        self.microcheck = microcheck
        self.credentials = credentials
        self.microcheckID = microcheckID
    }
}
