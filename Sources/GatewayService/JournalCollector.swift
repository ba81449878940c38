import Microbilling
import MicrocheckAgents
import MicrocheckCrypto

/// Collects deposits from a merchant journal on the gateway's own host
/// (the merchant-site gateway): seals each batch with the merchant's key,
/// spools it durably, and only then marks it deposited in the journal.
public struct JournalCollector: Sendable {
    /// The most purchases per sealed batch.
    public static let batchSize = 16

    private let journal: any MerchantJournal
    private let merchantID: String
    private let key: KeyNotePrivateKey
    private let spool: any GatewaySpool

    /// A collector from `journal` of `merchantID` (its key seals) into `spool`.
    public init(journal: any MerchantJournal, merchantID: String, key: KeyNotePrivateKey, spool: any GatewaySpool) {
        self.journal = journal
        self.merchantID = merchantID
        self.key = key
        self.spool = spool
    }

    /// Moves every dispensed, undeposited purchase into the spool.
    ///
    /// - Returns: how many were spooled.
    public func collect() throws(AgentError) -> Int {
        var total = 0
        while true {
            do {
                let purchases = try journal.pendingDeposits(limit: Self.batchSize)
                guard !purchases.isEmpty else { return total }
                let ids = purchases.map(\.microcheckID)
                let seal = try DepositSeal.seal(merchantID: merchantID, microcheckIDs: ids, with: key)
                var entries: [SpooledDeposit] = []
                for purchase in purchases {
                    entries.append(SpooledDeposit(merchantID: merchantID, microcheckID: purchase.microcheckID,
                                                  record: try DepositRecord.encode(purchase), seal: seal))
                }
                _ = try spool.store(entries)
                try journal.markDeposited(microcheckIDs: ids)
                total += purchases.count
            } catch let error as AgentError {
                throw error
            } catch let error as MicrobillingError {
                throw AgentError(.internal, "collecting the journal: \(error.reason)")
            } catch {
                throw AgentError(.internal, "collecting the journal: \(error)")
            }
        }
    }
}
