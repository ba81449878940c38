/// What the ledger holds under a ``PostingKey``: which microcheck was
/// posted, and the sealed deposit it came in.
public struct Posting: Sendable, Hashable {
    /// The posted microcheck's id.
    public var microcheckID: String
    /// The seal of the deposit that posted it.
    public var sealID: String

    /// Creates a posting.
    public init(microcheckID: String, sealID: String) {
        self.microcheckID = microcheckID
        self.sealID = sealID
    }
}
