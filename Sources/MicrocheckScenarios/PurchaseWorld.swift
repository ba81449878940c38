import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckCrypto
import MicrocheckLink
import SerialLink
import Synchronization

/// A small world for demos and benchmarks: a PA, one payer with a daily
/// credential, one vending machine's terminal with its SQLite journal, and
/// the caches both sides keep between contacts. Everything lives in `folder`.
public final class PurchaseWorld: @unchecked Sendable {
    /// The PA's key.
    public let pa: KeyNotePrivateKey
    /// The payer's wallet.
    public let wallet: PayerWallet
    /// The merchant's terminal.
    public let terminal: MerchantTerminal
    /// The merchant's private key (it seals the deposits it hands on).
    public let merchantKey: KeyNotePrivateKey
    /// Credentials the merchant has cached.
    public let credentials = CredentialCache()
    /// Merchant cards the payer has cached.
    public let cards = MerchantCardCache()
    /// The credential the payer holds.
    public let credential: SignedCredential

    /// Builds the world at `now` with keys of the given algorithms.
    public init(folder: String, payerAlgorithm: KeyAlgorithm, now: UTCTime, merchantName: String = "KeyNote Soda Machine",
                limit: Int64 = 500) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func key(_ algorithm: KeyAlgorithm) throws -> KeyNotePrivateKey {
            try KeyNotePrivateKey.generate(algorithm, bits: algorithm == .rsa ? 1024 : 256)
        }
        pa = try key(payerAlgorithm)
        let payer = try key(payerAlgorithm)
        let merchant = try key(payerAlgorithm)
        merchantKey = merchant
        try KeyFile.write(payer, to: folder + "/payer.key")
        try KeyFile.write(merchant, to: folder + "/merchant.key")
        let policy = try MerchantPolicy(appDomain: "vending", trustedIssuers: [pa.publicKey])
        terminal = try MerchantTerminal(name: merchantName, merchantID: "M-1", key: merchant.publicKey, policy: policy,
                                        journal: SQLiteMerchantJournal(path: folder + "/journal.sqlite"))
        var terms = CredentialTerms(kind: .payer, serial: "daily-1", appDomain: "vending",
                                    notBefore: now.adding(seconds: -3600), notAfter: now.adding(seconds: 86_400))
        terms.currency = .usd
        terms.perPurchaseLimit = limit
        terms.purchasesPerMerchantPerDay = 20
        credential = try SignedCredential.issue(terms: terms, by: pa, to: payer.publicKey)
        wallet = PayerWallet(key: payer, issuers: [pa.publicKey], credentials: [credential], approval: .ask({ _ in true }),
                             records: try SQLiteTransactionRecords(path: folder + "/wallet.sqlite"))
    }

    /// What one purchase did on the line.
    public struct Run: Sendable {
        /// The payer's outcome.
        public var payer: PayerConversation.Outcome
        /// The merchant's outcome.
        public var merchant: MerchantConversation.Outcome
        /// Bytes both sides wrote, framing and acknowledgements included.
        public var bytes: Int
        /// Frames both sides wrote.
        public var frames: Int
        /// Bytes of those frames before byte stuffing (independent of the data's values).
        public var frameBytes: Int
    }

    /// Runs one purchase between the wallet and the terminal over `payerLine`
    /// and `merchantLine` (for example the two ends of a ``MemoryLine`` pair).
    public func purchase(payerLine: any ByteChannel, merchantLine: any ByteChannel, timing: LinkTiming,
                         dispenser: any Dispenser, selections: any SelectionSource, at time: UTCTime,
                         timeouts: ConversationTimeouts = .standard) throws -> Run {
        let payerLink = ReliableLink(channel: payerLine, timing: timing)
        let merchantLink = ReliableLink(channel: merchantLine, timing: timing)
        let merchant = try MerchantConversation(link: merchantLink, terminal: terminal, sealKey: merchantKey, currency: .usd, dispenser: dispenser,
                                                selections: selections, credentials: credentials, timeouts: timeouts,
                                                clock: { time })
        let (payerOutcome, outcome) = try Self.serveOne(merchant, on: merchantLink) {
            PayerConversation(link: payerLink, wallet: wallet, cards: cards, timeouts: timeouts).purchase()
        }
        return Run(payer: payerOutcome, merchant: outcome,
                   bytes: payerLink.statistics.bytesSent + merchantLink.statistics.bytesSent,
                   frames: payerLink.statistics.framesSent + merchantLink.statistics.framesSent,
                   frameBytes: payerLink.statistics.frameBytesSent + merchantLink.statistics.frameBytesSent)
    }

    /// Runs one contact of `merchant` (listening on `merchantLink`) on its own
    /// thread while `peer` runs here; returns both ends' outcomes.
    public static func serveOne<Peer>(_ merchant: MerchantConversation, on merchantLink: ReliableLink,
                                      alongside peer: () -> Peer) throws -> (Peer, MerchantConversation.Outcome) {
        let merchantOutcome = Mutex<MerchantConversation.Outcome?>(nil)
        let peerFinished = Mutex(false)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let outcome = merchant.serveOne()
            merchantOutcome.withLock { $0 = outcome }
            // Keep acknowledging the peer's last frames (their acknowledgements may be lost) until it is done.
            while !peerFinished.withLock({ $0 }) {
                _ = try? merchantLink.receive(timeout: .milliseconds(20))
            }
            done.signal()
        }
        let peerOutcome = peer()
        peerFinished.withLock { $0 = true }
        done.wait()
        guard let outcome = merchantOutcome.withLock({ $0 }) else { throw CancellationError() }
        return (peerOutcome, outcome)
    }
}
