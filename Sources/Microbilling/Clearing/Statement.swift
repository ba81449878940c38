/// A statement for a payer or a merchant: its cleared entries and totals per
/// currency and fund.
public struct Statement: Sendable, Hashable {
    /// The payer's fingerprint or the merchant's id.
    public var subject: String
    /// The entries, by transaction time.
    public var entries: [LedgerEntry]

    /// Creates a statement.
    public init(subject: String, entries: [LedgerEntry]) {
        self.subject = subject
        self.entries = entries.sorted { ($0.time, $0.nonce) < ($1.time, $1.nonce) }
    }

    /// Totals in minor units, by currency code and fund.
    public var totals: [String: Int64] {
        var totals: [String: Int64] = [:]
        for entry in entries { totals["\(entry.amount.currency.code) \(entry.fund)", default: 0] += entry.amount.minorUnits }
        return totals
    }

    /// The payer's records that clearing has not posted, and the posted
    /// entries the payer has no record of (both should be empty).
    public func reconcile(with records: [TransactionRecord]) -> (unposted: [TransactionRecord], unknown: [LedgerEntry]) {
        let posted = Set(entries.map(\.microcheckID))
        let recorded = Set(records.map(\.microcheckID))
        return (records.filter { !posted.contains($0.microcheckID) }, entries.filter { !recorded.contains($0.microcheckID) })
    }
}
