import Microbilling
import MicrocheckCompression
import MicrocheckCrypto
import MicrocheckLink
import MicrocheckWire

/// The merchant's side of one purchase over the link
/// (protocol-spec/wire-protocol.md, "Merchant states"): hello, missing
/// credentials, button, offer, card if asked, microcheck; then the
/// microbilling check, the journal (durable) and only then the motor.
public final class MerchantConversation: @unchecked Sendable {
    /// What one contact ended in.
    public enum Outcome: Sendable {
        /// No payer came.
        case idle
        /// Paid, journaled and dispensed.
        case dispensed(AcceptedPurchase)
        /// Paid and journaled, the machine failed: voided, not charged.
        case voided(AcceptedPurchase)
        /// Paid and journaled; the machine did not say whether it dispensed.
        case undetermined(AcceptedPurchase)
        /// Refused with a reason code.
        case refused(ReasonCode, String)
        /// The payer declined.
        case declined(DeclineReason)
        /// A gateway collected this many journaled purchases.
        case deposited(Int)
        /// The contact broke off (link lost, timeout, bad message).
        case abandoned(AgentError)
    }

    /// The most purchases in one deposit batch.
    public static let depositBatchSize = 16

    private let link: ReliableLink
    private let terminal: MerchantTerminal
    private let sealKey: KeyNotePrivateKey
    private let currency: Currency
    private let dispenser: any Dispenser
    private let selections: any SelectionSource
    private let credentials: CredentialCache
    private let clock: @Sendable () -> UTCTime
    private let timeouts: ConversationTimeouts
    private let card: MerchantCard
    private let cardID: [UInt8]
    private let acceptsPurchases: @Sendable () -> Bool
    private let afterJournal: @Sendable (AcceptedPurchase) -> Void

    /// A conversation for `terminal` over `link`; `sealKey`, the merchant's
    /// private key, seals deposits handed to a gateway. `acceptsPurchases` is asked
    /// after each hello (false: refuse with "journal full"); `afterJournal`
    /// runs between the journal entry and the motor (a failpoint for crash tests).
    public init(link: ReliableLink, terminal: MerchantTerminal, sealKey: KeyNotePrivateKey, currency: Currency, dispenser: any Dispenser,
                selections: any SelectionSource, credentials: CredentialCache, timeouts: ConversationTimeouts = .standard,
                acceptsPurchases: @escaping @Sendable () -> Bool = { true },
                afterJournal: @escaping @Sendable (AcceptedPurchase) -> Void = { _ in },
                clock: @escaping @Sendable () -> UTCTime) throws(AgentError) {
        self.link = link
        self.terminal = terminal
        self.sealKey = sealKey
        self.currency = currency
        self.dispenser = dispenser
        self.selections = selections
        self.credentials = credentials
        self.clock = clock
        self.timeouts = timeouts
        self.acceptsPurchases = acceptsPurchases
        self.afterJournal = afterJournal
        self.card = OfferTranslation.card(of: terminal, currency: currency)
        self.cardID = try WireIdentity.of(bytes: card.encoded)
    }

    /// Serves one contact, from a hello to a receipt or refusal.
    public func serveOne() -> Outcome {
        do {
            return try serve()
        } catch {
            return .abandoned(error)
        }
    }

    private func serve() throws(AgentError) -> Outcome {
        let first = try receive(timeout: timeouts.hello, allowNothing: true)
        if case .need(let need)? = first, need.kind == .deposits { return try handOverDeposits() }
        guard case .hello(let hello)? = first else { return .idle }
        link.negotiate(maximumPayload: hello.maximumPayload)
        guard acceptsPurchases() else { return try refuse(.journalFull, "the journal cannot take more purchases") }
        let held = try fetchCredentials(hello)
        guard let payer = held.first(where: { (try? WireIdentity.of(key: $0.subject)) == hello.payerKeyID })?.subject else {
            return try refuse(.unknownIssuer, "no credential names the payer's key")
        }
        let selection: Selection
        do {
            guard let chosen = try selections.nextSelection(timeout: timeouts.selection) else {
                return try refuse(.noSelection, "no selection within \(timeouts.selection)")
            }
            selection = chosen
        } catch {
            return try refuse(.merchantFault, "the machine's buttons cannot be read: \(error)")
        }
        if selection.soldOut { return try refuse(.soldOut, "selection \(selection.number) is sold out") }
        let offer: Offer
        do {
            offer = try terminal.offer(product: selection.product, category: selection.category,
                                       price: Money(minorUnits: selection.priceMinor, currency: currency), to: payer, at: clock())
        } catch {
            return try refuse(.merchantFault, "cannot make an offer: \(error.reason)")
        }
        try send(.offer(OfferTranslation.wire(offer, cardID: cardID, selection: selection.number)))
        var presented = held.map(\.text)
        while true {
            switch try receive(timeout: timeouts.reply, allowNothing: false) {
            case .need(let need) where need.kind == .card:
                try send(.card(card))
            case .statusRequest(let ids):
                try send(.status(try ids.map(journalState)))
            case .escalationCredential(let packed):
                if presented.count < PurchaseSubmission.maximumCredentials, let text = expand(packed) { presented.append(text) }
            case .decline(let reason):
                return .declined(reason)
            case .microcheck(let signature):
                let text = SignatureTransport.microcheck(for: offer, payer: payer, signature: signature)
                return try settle(PurchaseSubmission(microcheck: text, credentials: presented), offer: offer, selection: selection)
            default:
                throw AgentError(.protocolViolation, "unexpected message while waiting for the microcheck")
            }
        }
    }

    /// The payer's credentials, asking for those not cached yet.
    private func fetchCredentials(_ hello: Hello) throws(AgentError) -> [SignedCredential] {
        let missing = hello.credentialIDs.filter { credentials.credential($0) == nil }
        if !missing.isEmpty {
            try send(.need(Need(kind: .credentials, ids: missing)))
            guard case .credentials(let packed)? = try receive(timeout: timeouts.reply, allowNothing: false) else {
                throw AgentError(.protocolViolation, "expected the credentials asked for")
            }
            for blob in packed {
                guard let text = expand(blob), let credential = try? SignedCredential(text: text),
                      let id = try? WireIdentity.of(text), missing.contains(id) else {
                    throw AgentError(.protocolViolation, "a credential sent is unreadable or was not asked for")
                }
                credentials.insert(credential, id: id)
            }
        }
        return hello.credentialIDs.compactMap { credentials.credential($0) }
    }

    private func settle(_ submission: PurchaseSubmission, offer: Offer, selection: Selection) throws(AgentError) -> Outcome {
        let purchase: AcceptedPurchase
        do {
            purchase = try terminal.accept(submission, for: offer)
        } catch let refusal as Refusal {
            try send(.nack(Nack(reason: ReasonCode(refusal.reason).rawValue, escalationPossible: refusal.escalationPossible)))
            return .refused(ReasonCode(refusal.reason), refusal.detail)
        } catch {
            return try refuse(.journalFull, "the journal did not take the purchase: \(error)")
        }
        // Journaled durably: now, and only now, the motor.
        afterJournal(purchase)
        let dispensed: Bool
        do {
            dispensed = try dispenser.dispense(selection: selection.number, paymentID: purchase.microcheckID)
        } catch {
            return .undetermined(purchase)
        }
        do {
            try terminal.journal.settle(microcheckID: purchase.microcheckID, as: dispensed ? .dispensed : .voided)
        } catch {
            return .undetermined(purchase)
        }
        try send(.receipt(Receipt(status: dispensed ? .dispensed : .voided, microcheckID: WireIdentity.of(microcheckID: purchase.microcheckID))))
        return dispensed ? .dispensed(purchase) : .voided(purchase)
    }

    /// Hands the journal's dispensed, undeposited purchases to a gateway in
    /// batches; each batch is marked deposited once the gateway acknowledged
    /// it (the journal keeps every entry: a lost batch can be sent again).
    private func handOverDeposits() throws(AgentError) -> Outcome {
        var sequence: UInt64 = 0
        var total = 0
        while true {
            let purchases: [AcceptedPurchase]
            do {
                purchases = try terminal.journal.pendingDeposits(limit: Self.depositBatchSize)
            } catch {
                throw AgentError(.internal, error.reason)
            }
            var entries: [[UInt8]] = []
            for purchase in purchases { entries.append(try DepositRecord.encode(purchase)) }
            var seal: [UInt8] = []
            if !purchases.isEmpty {
                do {
                    seal = try DepositSeal.seal(merchantID: terminal.merchantID, microcheckIDs: purchases.map(\.microcheckID), with: sealKey).signature
                } catch {
                    throw AgentError(.internal, error.reason)
                }
            }
            try send(.depositBatch(DepositBatch(merchantID: terminal.merchantID, sequence: sequence, entries: entries, seal: seal)))
            guard case .depositAck(let ack)? = try receive(timeout: timeouts.reply, allowNothing: false), ack.sequence == sequence else {
                throw AgentError(.protocolViolation, "expected the acknowledgement of deposit batch \(sequence)")
            }
            let taken = purchases.filter { ack.microcheckIDs.contains(WireIdentity.of(microcheckID: $0.microcheckID)) }.map(\.microcheckID)
            do {
                try terminal.journal.markDeposited(microcheckIDs: taken)
            } catch {
                throw AgentError(.internal, error.reason)
            }
            total += taken.count
            if purchases.isEmpty || taken.isEmpty { return .deposited(total) }
            sequence += 1
        }
    }

    /// What the journal says of a microcheck a payer asks about.
    private func journalState(_ id: [UInt8]) throws(AgentError) -> PaymentStatus {
        let state: JournaledState?
        do {
            state = try terminal.journal.outcome(ofMicrocheckPrefix: KeyNoteHex.encode(id))
        } catch {
            throw AgentError(.internal, error.reason)
        }
        switch state {
        case nil: return PaymentStatus(microcheckID: id, state: .unknown)
        case .pending?: return PaymentStatus(microcheckID: id, state: .pending)
        case .settled(.dispensed)?: return PaymentStatus(microcheckID: id, state: .dispensed)
        case .settled(.voided)?: return PaymentStatus(microcheckID: id, state: .voided)
        }
    }

    private func refuse(_ code: ReasonCode, _ detail: String) throws(AgentError) -> Outcome {
        try send(.nack(Nack(reason: code.rawValue, escalationPossible: false)))
        return .refused(code, detail)
    }

    private func expand(_ packed: [UInt8]) -> String? {
        guard let bytes = try? AssertionCompressor.dictionary1.expand(packed, maximum: SignedCredential.maximumSize) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    private func send(_ message: WireMessage) throws(AgentError) {
        do {
            try link.send(message.encoded)
        } catch {
            throw AgentError(.link, error.description)
        }
    }

    private func receive(timeout: Duration, allowNothing: Bool) throws(AgentError) -> WireMessage? {
        let bytes: [UInt8]?
        do {
            bytes = try link.receive(timeout: timeout)
        } catch {
            throw AgentError(.link, error.description)
        }
        guard let bytes else {
            if allowNothing { return nil }
            throw AgentError(.timeout, "no message within \(timeout)")
        }
        do {
            return try WireMessage(decoding: bytes)
        } catch {
            throw AgentError(.protocolViolation, error.description)
        }
    }
}
