import Microbilling
import MicrocheckAgents

/// What clearing does with one upload: each sealed group is checked
/// against the merchant's enrollment and seal, then cleared by the
/// microbilling rules; a refused group is quarantined item by item and the
/// rest of the upload is still cleared. In two steps, so that a server
/// verifies one upload (``prepare(_:at:)``, no ledger writes, any number at
/// once) while it posts another (``commit(_:)``, one at a time).
public struct DepositIntake: Sendable {
    /// One microcheck's answer.
    public struct Answer: Sendable {
        /// The microcheck's id.
        public var microcheckID: String
        /// The depositing merchant's id.
        public var merchantID: String
        /// Posted, a duplicate, or rejected.
        public var outcome: ClearingReceipt.Outcome
    }

    /// One group of an upload, prepared: refused whole, or verified.
    public enum PreparedGroup: Sendable {
        /// Refused for its merchant or seal: every purchase is rejected and quarantined.
        case refused([AcceptedPurchase], merchantID: String, sealID: String, ClearingHouse.Rejection, detail: String)
        /// Verified by the clearing house, to be posted.
        case verified(PreparedDeposit)
    }

    /// An upload verified and ready to post.
    public struct PreparedUpload: Sendable {
        /// The groups, in the upload's order.
        public var groups: [PreparedGroup]
        /// When clearing received the upload.
        public var time: UTCTime
    }

    /// The clearing house (ledger, merchants, rules).
    public let house: ClearingHouse

    /// Intake into `house`.
    public init(house: ClearingHouse) {
        self.house = house
    }

    /// Checks each group's merchant and seal and verifies its purchases; reads the ledger, writes nothing.
    public func prepare(_ upload: DepositUpload, at time: UTCTime) throws(MicrobillingError) -> PreparedUpload {
        var groups: [PreparedGroup] = []
        for group in upload.groups {
            let merchantID = group.seal.merchantID
            let sealID = try group.seal.id
            guard let account = house.merchants[merchantID] else {
                groups.append(.refused(group.purchases, merchantID: merchantID, sealID: sealID, .unknownMerchant,
                                       detail: "merchant \(merchantID) is not enrolled"))
                continue
            }
            guard !account.revoked else {
                groups.append(.refused(group.purchases, merchantID: merchantID, sealID: sealID, .revokedMerchant,
                                       detail: "merchant \(merchantID) is revoked"))
                continue
            }
            guard group.seal.verify(by: account.key) else {
                groups.append(.refused(group.purchases, merchantID: merchantID, sealID: sealID, .badSeal,
                                       detail: "the seal does not verify under merchant \(merchantID)'s enrolled key"))
                continue
            }
            groups.append(.verified(try house.prepare(batch: group.purchases, depositedBy: merchantID, sealID: sealID, at: time)))
        }
        return PreparedUpload(groups: groups, time: time)
    }

    /// Posts a prepared upload: its verified groups in one ledger transaction
    /// (one sync), its refused groups to the quarantine; one answer per
    /// carried microcheck, in order.
    public func commit(_ upload: PreparedUpload) throws(MicrobillingError) -> [Answer] {
        let deposits = upload.groups.compactMap { group -> PreparedDeposit? in
            guard case .verified(let deposit) = group else { return nil }
            return deposit
        }
        var receipts = try house.commit(deposits).makeIterator()
        var answers: [Answer] = []
        for group in upload.groups {
            switch group {
            case .refused(let purchases, let merchantID, let sealID, let rejection, let detail):
                try house.store.quarantine(purchases.map {
                    QuarantinedDeposit(microcheckID: $0.microcheckID, merchantID: merchantID, sealID: sealID,
                                       reason: rejection.code, detail: detail, receivedAt: upload.time)
                })
                answers += purchases.map {
                    Answer(microcheckID: $0.microcheckID, merchantID: merchantID, outcome: .rejected(rejection, detail: detail))
                }
            case .verified(let deposit):
                guard let posted = receipts.next() else {
                    throw MicrobillingError(.storage, "clearing answered no receipts for seal \(deposit.sealID)")
                }
                answers += posted.map { Answer(microcheckID: $0.microcheckID, merchantID: deposit.merchantID, outcome: $0.outcome) }
            }
        }
        return answers
    }
}
