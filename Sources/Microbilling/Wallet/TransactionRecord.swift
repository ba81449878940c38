/// The payer's own record of a microcheck it wrote, to reconcile against
/// clearing's statements.
public struct TransactionRecord: Sendable, Hashable {
    /// The merchant's display name.
    public var merchantName: String
    /// The merchant's unique id.
    public var merchantID: String
    /// The product.
    public var product: String
    /// The amount.
    public var amount: Money
    /// When the offer was made.
    public var time: UTCTime
    /// The offer's nonce.
    public var nonce: String
    /// The microcheck's id.
    public var microcheckID: String
    /// The serial of the credential that authorized it.
    public var credentialSerial: String
    /// What the payer knows of the outcome.
    public var status: TransactionStatus

    /// Creates a record.
    public init(merchantName: String, merchantID: String, product: String, amount: Money, time: UTCTime,
                nonce: String, microcheckID: String, credentialSerial: String, status: TransactionStatus = .pending) {
        self.merchantName = merchantName
        self.merchantID = merchantID
        self.product = product
        self.amount = amount
        self.time = time
        self.nonce = nonce
        self.microcheckID = microcheckID
        self.credentialSerial = credentialSerial
        self.status = status
    }
}

/// What the payer knows of a microcheck it sent.
public enum TransactionStatus: String, Sendable, Hashable, CaseIterable {
    /// Sent; no receipt yet. The merchant's journal decides; the next contact or the statement settles it.
    case pending
    /// The merchant's receipt says dispensed.
    case dispensed
    /// The merchant's receipt says the machine failed: not charged.
    case voided
    /// The merchant refused it.
    case refused
}

/// Where the wallet keeps its transaction records.
public protocol TransactionRecordStore: Sendable {
    /// Stores a record durably before the microcheck leaves the handheld.
    func append(_ record: TransactionRecord) throws(MicrobillingError)
    /// All records, oldest first.
    func records() throws(MicrobillingError) -> [TransactionRecord]
    /// Sets the status of the record of a microcheck.
    func setStatus(_ status: TransactionStatus, for microcheckID: String) throws(MicrobillingError)
}
