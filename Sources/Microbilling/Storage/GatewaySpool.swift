/// A gateway's durable spool of deposited purchases (DESIGN: store and
/// forward). An entry is kept until clearing answered for it (posted, a
/// duplicate, or rejected for good): only then is it retired. Each entry
/// keeps the merchant's seal it came with, since clearing verifies the seal.
public protocol GatewaySpool: Sendable {
    /// Stores one sealed hand-over durably (synced when this returns); an
    /// entry already spooled (same microcheck id) is kept as it was.
    ///
    /// - Returns: how many were new.
    func store(_ entries: [SpooledDeposit]) throws(MicrobillingError) -> Int
    /// Entries not yet retired, oldest first, at most `limit`.
    func pending(limit: Int) throws(MicrobillingError) -> [SpooledDeposit]
    /// Retires entries clearing answered for.
    func retire(microcheckIDs: [String]) throws(MicrobillingError)
    /// How many entries wait for clearing.
    func depth() throws(MicrobillingError) -> Int
    /// Moves entries that cannot be uploaded (an unreadable record) out of
    /// the way, with the reason, for an operator; they are kept, not retired.
    func setAside(_ entries: [(microcheckID: String, reason: String)]) throws(MicrobillingError)
}

/// One purchase in a gateway's spool: who deposited it, its record as the
/// merchant sent it (compressed; the gateway need not read it to spool it),
/// and the merchant's seal over the hand-over it came in.
public struct SpooledDeposit: Sendable, Hashable {
    /// The depositing merchant's id.
    public var merchantID: String
    /// The microcheck's id.
    public var microcheckID: String
    /// The purchase record as the merchant sent it.
    public var record: [UInt8]
    /// The merchant's seal over the hand-over that carried it.
    public var seal: DepositSeal

    /// Creates an entry.
    public init(merchantID: String, microcheckID: String, record: [UInt8], seal: DepositSeal) {
        self.merchantID = merchantID
        self.microcheckID = microcheckID
        self.record = record
        self.seal = seal
    }
}
