import Microbilling
import MicrocheckAgents

/// What clearing does with one upload: each sealed group is checked
/// against the merchant's enrollment and seal, then cleared by the
/// microbilling rules; a refused group is quarantined item by item and the
/// rest of the upload is still cleared.
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

    /// The clearing house (ledger, merchants, rules).
    public let house: ClearingHouse

    /// Intake into `house`.
    public init(house: ClearingHouse) {
        self.house = house
    }

    /// Clears `upload`, received at `time`; one answer per carried microcheck, in order.
    ///
    /// - Throws: ``MicrobillingError`` when the ledger fails (nothing of the
    ///   failing group is acknowledged; the gateway uploads it again).
    public func clear(_ upload: DepositUpload, at time: UTCTime) throws(MicrobillingError) -> [Answer] {
        var answers: [Answer] = []
        for group in upload.groups {
            let merchantID = group.seal.merchantID
            let sealID = try group.seal.id
            let refusal: (ClearingHouse.Rejection, String)?
            if let account = house.merchants[merchantID] {
                if account.revoked {
                    refusal = (.revokedMerchant, "merchant \(merchantID) is revoked")
                } else if !group.seal.verify(by: account.key) {
                    refusal = (.badSeal, "the seal does not verify under merchant \(merchantID)'s enrolled key")
                } else {
                    refusal = nil
                }
            } else {
                refusal = (.unknownMerchant, "merchant \(merchantID) is not enrolled")
            }
            if let (rejection, detail) = refusal {
                try house.store.quarantine(group.purchases.map {
                    QuarantinedDeposit(microcheckID: $0.microcheckID, merchantID: merchantID, sealID: sealID,
                                       reason: rejection.code, detail: detail, receivedAt: time)
                })
                answers += group.purchases.map {
                    Answer(microcheckID: $0.microcheckID, merchantID: merchantID, outcome: .rejected(rejection, detail: detail))
                }
                continue
            }
            let receipts = try house.clear(batch: group.purchases, depositedBy: merchantID, sealID: sealID, at: time)
            answers += receipts.map { Answer(microcheckID: $0.microcheckID, merchantID: merchantID, outcome: $0.outcome) }
        }
        return answers
    }
}
