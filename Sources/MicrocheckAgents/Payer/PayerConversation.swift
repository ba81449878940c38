import Microbilling
import MicrocheckCompression
import MicrocheckLink
import MicrocheckWire

/// The payer's side of one purchase over the link
/// (protocol-spec/wire-protocol.md, "Payer states"): reset and hello, the
/// credentials the merchant lacks, the offer, the card if unknown, then the
/// wallet decides and signs, and the receipt settles the record.
public final class PayerConversation: @unchecked Sendable {
    /// What one purchase ended in.
    public enum Outcome: Sendable {
        /// The merchant dispensed.
        case dispensed(TransactionRecord)
        /// The merchant voided (the machine failed): not charged.
        case voided(TransactionRecord)
        /// The merchant refused, with its reason.
        case refused(ReasonCode, escalationPossible: Bool)
        /// This side declined (the person, the spending policy, no credential).
        case declined(DeclineReason, String)
        /// The microcheck was sent but no receipt came: pending until the next contact or the statement.
        case pending(String)
        /// The contact broke off before a microcheck was sent.
        case abandoned(AgentError)
    }

    private let link: ReliableLink
    private let wallet: PayerWallet
    private let cards: MerchantCardCache
    private let timeouts: ConversationTimeouts
    private let capabilities: Hello.Capabilities

    /// A conversation for `wallet` over `link`.
    public init(link: ReliableLink, wallet: PayerWallet, cards: MerchantCardCache, timeouts: ConversationTimeouts = .standard,
                capabilities: Hello.Capabilities = [.dictionary1]) {
        self.link = link
        self.wallet = wallet
        self.cards = cards
        self.timeouts = timeouts
        self.capabilities = capabilities
    }

    /// Runs one purchase.
    public func purchase() -> Outcome {
        var sentMicrocheck: String? = nil
        do {
            return try run(sent: &sentMicrocheck)
        } catch {
            if let id = sentMicrocheck { return .pending(id) }
            return .abandoned(error)
        }
    }

    private func run(sent: inout String?) throws(AgentError) -> Outcome {
        do {
            try link.reset()
        } catch {
            throw AgentError(.link, error.description)
        }
        let held = wallet.credentials
        var ids: [[UInt8]] = []
        for credential in held.prefix(WireLimits.credentials) { ids.append(try WireIdentity.of(credential.text)) }
        try send(.hello(Hello(capabilities: capabilities, maximumPayload: link.maximumPayload,
                              payerKeyID: WireIdentity.of(key: wallet.key.publicKey), credentialIDs: ids)))
        var pendingOffer: WireOffer? = nil
        while true {
            let timeout = pendingOffer == nil && sent == nil ? timeouts.offer : timeouts.reply
            switch try receive(timeout: timeout) {
            case .need(let need) where need.kind == .credentials:
                var packed: [[UInt8]] = []
                for id in need.ids {
                    guard let index = ids.firstIndex(of: id) else { throw AgentError(.protocolViolation, "asked for a credential not offered") }
                    do {
                        packed.append(try AssertionCompressor.dictionary1.compress(Array(held[index].text.utf8)))
                    } catch {
                        throw AgentError(.internal, "cannot compress a credential: \(error)")
                    }
                }
                try send(.credentials(packed))
            case .card(let card):
                let id = try WireIdentity.of(bytes: card.encoded)
                cards.insert(card, id: id)
                if let offer = pendingOffer, offer.cardID == id {
                    return try answer(offer, card: card, sent: &sent)
                }
            case .offer(let offer):
                guard let card = cards.card(offer.cardID) else {
                    pendingOffer = offer
                    try send(.need(Need(kind: .card, ids: [offer.cardID])))
                    continue
                }
                return try answer(offer, card: card, sent: &sent)
            case .nack(let nack):
                return .refused(ReasonCode(rawValue: nack.reason) ?? .notAuthorized, escalationPossible: nack.escalationPossible)
            default:
                throw AgentError(.protocolViolation, "unexpected message before the offer")
            }
        }
    }

    private func answer(_ wireOffer: WireOffer, card: MerchantCard, sent: inout String?) throws(AgentError) -> Outcome {
        let offer = try OfferTranslation.offer(wireOffer, card: card)
        try settlePending(at: card.merchantID)
        let submission: PurchaseSubmission
        do {
            submission = try wallet.pay(offer)
        } catch {
            let reason: DeclineReason = error.code == .noCredential ? .noCredential : error.code == .declined ? .person : .badOffer
            try send(.decline(reason))
            return .declined(reason, error.reason)
        }
        let microcheck: Microcheck
        do {
            microcheck = try Microcheck(text: submission.microcheck)
        } catch {
            throw AgentError(.internal, error.reason)
        }
        sent = microcheck.id
        try send(.microcheck(signature: SignatureTransport.signatureBytes(of: submission.microcheck)))
        let record: TransactionRecord?
        do {
            record = try wallet.records.records().last { $0.microcheckID == microcheck.id }
        } catch {
            throw AgentError(.internal, error.reason)
        }
        switch try receive(timeout: timeouts.reply) {
        case .receipt(let receipt) where receipt.microcheckID == WireIdentity.of(microcheckID: microcheck.id):
            let status: TransactionStatus = receipt.status == .dispensed ? .dispensed : .voided
            try setStatus(status, microcheck.id)
            guard var settled = record else { throw AgentError(.internal, "the transaction record is missing") }
            settled.status = status
            return status == .dispensed ? .dispensed(settled) : .voided(settled)
        case .nack(let nack):
            try setStatus(.refused, microcheck.id)
            return .refused(ReasonCode(rawValue: nack.reason) ?? .notAuthorized, escalationPossible: nack.escalationPossible)
        default:
            throw AgentError(.protocolViolation, "expected a receipt")
        }
    }

    /// Asks this merchant's journal about microchecks sent to it without a
    /// receipt, and settles their records by its answer.
    private func settlePending(at merchantID: String) throws(AgentError) {
        let pending: [TransactionRecord]
        do {
            pending = try wallet.records.records().filter { $0.merchantID == merchantID && $0.status == .pending }
        } catch {
            throw AgentError(.internal, error.reason)
        }
        guard !pending.isEmpty else { return }
        let asked = pending.suffix(WireLimits.pendingQueries)
        try send(.statusRequest(asked.map { WireIdentity.of(microcheckID: $0.microcheckID) }))
        guard case .status(let answers) = try receive(timeout: timeouts.reply) else {
            throw AgentError(.protocolViolation, "expected the status of the pending microchecks")
        }
        for answer in answers {
            guard let record = asked.first(where: { WireIdentity.of(microcheckID: $0.microcheckID) == answer.microcheckID }) else { continue }
            switch answer.state {
            case .dispensed: try setStatus(.dispensed, record.microcheckID)
            case .voided: try setStatus(.voided, record.microcheckID)
            case .unknown: try setStatus(.refused, record.microcheckID)
            case .pending: break
            }
        }
    }

    private func setStatus(_ status: TransactionStatus, _ id: String) throws(AgentError) {
        do {
            try wallet.records.setStatus(status, for: id)
        } catch {
            throw AgentError(.internal, error.reason)
        }
    }

    private func send(_ message: WireMessage) throws(AgentError) {
        do {
            try link.send(message.encoded)
        } catch {
            throw AgentError(.link, error.description)
        }
    }

    private func receive(timeout: Duration) throws(AgentError) -> WireMessage {
        let bytes: [UInt8]?
        do {
            bytes = try link.receive(timeout: timeout)
        } catch {
            throw AgentError(.link, error.description)
        }
        guard let bytes else { throw AgentError(.timeout, "no message within \(timeout)") }
        do {
            return try WireMessage(decoding: bytes)
        } catch {
            throw AgentError(.protocolViolation, error.description)
        }
    }
}
