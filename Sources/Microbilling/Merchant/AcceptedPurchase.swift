import MicrocheckCrypto

/// A purchase the merchant accepted: everything clearing needs to pay it
/// (paper, section 3.3: the microcheck, the payer credential and the offer).
public struct AcceptedPurchase: Sendable, Hashable {
    /// The offer, as made.
    public var offer: Offer { didSet { textWrittenForOffer = false } }
    /// The payer's key.
    public var payer: KeyNoteKey { didSet { textWrittenForOffer = false } }
    /// The microcheck's text.
    public var microcheck: String { didSet { textWrittenForOffer = false } }
    /// The credentials the payer presented, in order.
    public var credentials: [String]
    /// The microcheck's id.
    public var microcheckID: String { didSet { textWrittenForOffer = false } }
    /// Whether `microcheck` was written here, by this system's writer, as the
    /// text for `offer` and `payer` (with some signature), and `microcheckID`
    /// is its id: true only from ``init(writtenFor:payer:microcheck:credentials:microcheckID:)``,
    /// and false again as soon as any of them is changed. Clearing then need
    /// not rebuild the text and digest it again to check the binding.
    package private(set) var textWrittenForOffer = false

    /// Creates a record.
    public init(offer: Offer, payer: KeyNoteKey, microcheck: String, credentials: [String], microcheckID: String) {
        self.offer = offer
        self.payer = payer
        self.microcheck = microcheck
        self.credentials = credentials
        self.microcheckID = microcheckID
    }

    /// Creates a record whose `microcheck` the caller has just written as the
    /// canonical text for `offer` and `payer` (``Microcheck/unsignedText(for:payer:)``
    /// and a signature), and whose `microcheckID` it computed from that text.
    package init(writtenFor offer: Offer, payer: KeyNoteKey, microcheck: String, credentials: [String], microcheckID: String) {
        self.init(offer: offer, payer: payer, microcheck: microcheck, credentials: credentials, microcheckID: microcheckID)
        textWrittenForOffer = true
    }

    /// Same purchase: how the record was made does not count.
    public static func == (lhs: AcceptedPurchase, rhs: AcceptedPurchase) -> Bool {
        lhs.offer == rhs.offer && lhs.payer == rhs.payer && lhs.microcheck == rhs.microcheck
            && lhs.credentials == rhs.credentials && lhs.microcheckID == rhs.microcheckID
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(offer)
        hasher.combine(payer)
        hasher.combine(microcheck)
        hasher.combine(credentials)
        hasher.combine(microcheckID)
    }
}
