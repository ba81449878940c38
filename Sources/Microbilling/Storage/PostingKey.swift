/// What the ledger posts at most once: a payer's microcheck at one merchant
/// under the offer's nonce. A microcheck's signed text binds all three (its
/// Authorizer, the `merchant_id` and `nonce` it compares), so the text, and
/// its microcheck id, has one key; the ledger's unique constraint is on it.
public struct PostingKey: Sendable, Hashable {
    /// The payer's key fingerprint.
    public var payer: String
    /// The merchant's id.
    public var merchantID: String
    /// The offer's nonce.
    public var nonce: String

    /// Creates a key.
    public init(payer: String, merchantID: String, nonce: String) {
        self.payer = payer
        self.merchantID = merchantID
        self.nonce = nonce
    }
}

extension LedgerEntry {
    /// The key the ledger posts this entry under once.
    public var postingKey: PostingKey { PostingKey(payer: payer, merchantID: merchantID, nonce: nonce) }
}
