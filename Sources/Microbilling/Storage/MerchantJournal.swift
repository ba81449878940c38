import MicrocheckCrypto

/// Where a merchant keeps the purchases it accepted. Durable before visible:
/// ``record(_:)`` returns only once the purchase is on stable storage, and
/// the merchant releases the item only after it returns.
public protocol MerchantJournal: Sendable {
    /// Stores an accepted purchase durably.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/storage`` when it
    ///   cannot, or when the offer's nonce is already recorded; nothing
    ///   already stored is changed.
    func record(_ purchase: AcceptedPurchase) throws(MicrobillingError)
    /// Whether a purchase with this offer nonce or this microcheck id is recorded.
    func containsPurchase(nonce: String, microcheckID: String) throws(MicrobillingError) -> Bool
    /// This payer's purchases here on the UTC day of `time`, before `time`.
    func history(of payer: KeyNoteKey, at time: UTCTime) throws(MicrobillingError) -> MerchantHistory
    /// Records what became of a journaled purchase: dispensed, or voided
    /// because the machine failed (a voided purchase is never deposited).
    func settle(microcheckID: String, as outcome: PurchaseOutcome) throws(MicrobillingError)
    /// The state of the purchase whose microcheck id starts with `prefix`
    /// (16 or more hex digits): nil when none is journaled, `.pending` for
    /// `nil` outcome.
    func outcome(ofMicrocheckPrefix prefix: String) throws(MicrobillingError) -> JournaledState?
    /// The time of the newest journaled offer, nil when the journal is empty.
    func latestOfferTime() throws(MicrobillingError) -> UTCTime?
    /// Journaled purchases whose outcome is not known yet (the terminal
    /// stopped between the journal and the motor), oldest first.
    func unsettled() throws(MicrobillingError) -> [AcceptedPurchase]
    /// Dispensed purchases not yet handed to a gateway, oldest first, at most `limit`.
    func pendingDeposits(limit: Int) throws(MicrobillingError) -> [AcceptedPurchase]
    /// Marks purchases as handed to a gateway.
    func markDeposited(microcheckIDs: [String]) throws(MicrobillingError)
}

/// What became of a journaled purchase.
public enum PurchaseOutcome: String, Sendable, Hashable {
    /// The item came out.
    case dispensed
    /// The machine failed after the journal entry: not charged.
    case voided
}

/// A journaled purchase's state, as a payer may ask about it.
public enum JournaledState: Sendable, Hashable {
    /// Journaled; the machine has not said yet.
    case pending
    /// Settled.
    case settled(PurchaseOutcome)
}
