/// A gateway's durable spool of deposited purchases (DESIGN: store and
/// forward). An entry is kept until clearing acknowledges it: only then is
/// it retired.
public protocol GatewaySpool: Sendable {
    /// Stores entries durably; an entry already spooled (same microcheck id) is kept as it was.
    ///
    /// - Returns: how many were new.
    func store(_ entries: [SpooledDeposit]) throws(MicrobillingError) -> Int
    /// Entries not yet acknowledged by clearing, oldest first, at most `limit`.
    func pending(limit: Int) throws(MicrobillingError) -> [SpooledDeposit]
    /// Retires entries clearing acknowledged.
    func retire(microcheckIDs: [String]) throws(MicrobillingError)
}

/// One purchase in a gateway's spool: who deposited it and its record, as
/// the merchant sent it (compressed; the gateway need not read it).
public struct SpooledDeposit: Sendable, Hashable {
    /// The depositing merchant's id.
    public var merchantID: String
    /// The microcheck's id.
    public var microcheckID: String
    /// The purchase record as the merchant sent it.
    public var record: [UInt8]

    /// Creates an entry.
    public init(merchantID: String, microcheckID: String, record: [UInt8]) {
        self.merchantID = merchantID
        self.microcheckID = microcheckID
        self.record = record
    }
}
