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

    /// Creates a record.
    public init(merchantName: String, merchantID: String, product: String, amount: Money, time: UTCTime,
                nonce: String, microcheckID: String, credentialSerial: String) {
        self.merchantName = merchantName
        self.merchantID = merchantID
        self.product = product
        self.amount = amount
        self.time = time
        self.nonce = nonce
        self.microcheckID = microcheckID
        self.credentialSerial = credentialSerial
    }
}

/// Where the wallet keeps its transaction records.
public protocol TransactionRecordStore: Sendable {
    /// Stores a record durably before the microcheck leaves the handheld.
    func append(_ record: TransactionRecord) throws(MicrobillingError)
    /// All records, oldest first.
    func records() throws(MicrobillingError) -> [TransactionRecord]
}
