import Microbilling
import MicrocheckLink
import MicrocheckWire

/// A gateway's side of collecting a merchant's journal over a link (a route
/// collector's handheld at the vending machine, or the merchant-site
/// gateway on the terminal's serial line): asks for the deposits, spools
/// each batch durably, and only then acknowledges it.
public final class CollectorConversation: @unchecked Sendable {
    /// What a collection ended in.
    public enum Outcome: Sendable {
        /// This many purchases were spooled from the merchant.
        case collected(merchantID: String?, count: Int)
        /// The contact broke off; what was acknowledged is spooled.
        case abandoned(AgentError, collected: Int)
    }

    /// The most batches in one collection.
    public static let maximumBatches = 10_000

    private let link: ReliableLink
    private let spool: any GatewaySpool
    private let timeouts: ConversationTimeouts

    /// A collection over `link` into `spool`.
    public init(link: ReliableLink, spool: any GatewaySpool, timeouts: ConversationTimeouts = .standard) {
        self.link = link
        self.spool = spool
        self.timeouts = timeouts
    }

    /// Collects every deposit the merchant hands over.
    public func collect() -> Outcome {
        var collected = 0
        var merchant: String? = nil
        do {
            try link.reset()
            try link.send(WireMessage.need(Need(kind: .deposits, ids: [])).encoded)
            for _ in 0..<Self.maximumBatches {
                guard let bytes = try link.receive(timeout: timeouts.reply) else {
                    return .abandoned(AgentError(.timeout, "no deposit batch within \(timeouts.reply)"), collected: collected)
                }
                guard case .depositBatch(let batch) = try WireMessage(decoding: bytes) else {
                    return .abandoned(AgentError(.protocolViolation, "expected a deposit batch"), collected: collected)
                }
                merchant = batch.merchantID
                var ids: [String] = []
                for record in batch.entries { ids.append(try DepositRecord.microcheckID(of: record)) }
                let seal = DepositSeal(merchantID: batch.merchantID, microcheckIDs: ids, signature: batch.seal)
                let entries = zip(ids, batch.entries).map { id, record in
                    SpooledDeposit(merchantID: batch.merchantID, microcheckID: id, record: record, seal: seal)
                }
                _ = try spool.store(entries)
                collected += entries.count
                let taken = ids.map { WireIdentity.of(microcheckID: $0) }
                try link.send(WireMessage.depositAck(DepositAck(sequence: batch.sequence, microcheckIDs: taken)).encoded)
                if entries.isEmpty { return .collected(merchantID: merchant, count: collected) }
            }
            return .abandoned(AgentError(.protocolViolation, "more than \(Self.maximumBatches) batches"), collected: collected)
        } catch let error as LinkError {
            return .abandoned(AgentError(.link, error.description), collected: collected)
        } catch let error as WireError {
            return .abandoned(AgentError(.protocolViolation, error.description), collected: collected)
        } catch let error as MicrobillingError {
            return .abandoned(AgentError(.internal, error.reason), collected: collected)
        } catch {
            return .abandoned(AgentError(.internal, "\(error)"), collected: collected)
        }
    }
}
