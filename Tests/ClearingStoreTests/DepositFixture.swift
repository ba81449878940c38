import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto

/// Purchases as a merchant hands them on for deposit: the paper's 0.55 USD
/// soda at a merchant of its own, paid under a 1.51 USD payer credential
/// valid from October 20 to 24, 2000.
struct DepositFixture {
    /// Keys made once for the run (RSA-1024: quick to make).
    enum Keys {
        static let pa = make()
        static let payer = make()
        static let merchant = make()
        static let otherMerchant = make()

        static func make() -> KeyNotePrivateKey {
            do { return try KeyNotePrivateKey.generate(.rsa, bits: 1024) } catch { preconditionFailure("keygen: \(error)") }
        }
    }

    static let purchaseTime = time(day: 23, hour: 12)
    static let nextDay = time(day: 24, hour: 12)

    static func time(day: Int, hour: Int, minute: Int = 0) -> UTCTime {
        do { return try UTCTime(year: 2000, month: 10, day: day, hour: hour, minute: minute) } catch { preconditionFailure("\(error)") }
    }

    /// The merchant as clearing knows it.
    let account: MerchantAccount
    /// The first accepted purchase.
    let purchase: AcceptedPurchase
    let terminal: MerchantTerminal
    let wallet: PayerWallet

    init(folder: TemporaryFolder, merchantKey: KeyNotePrivateKey = Keys.merchant, name: String = "journal") throws {
        let policy = try MerchantPolicy(appDomain: "deli", trustedIssuers: [Keys.pa.publicKey], gatedCategories: [])
        terminal = try MerchantTerminal(name: "LEE'S DELI", merchantID: "M-\(UUID().uuidString)", key: merchantKey.publicKey,
                                        policy: policy, journal: SQLiteMerchantJournal(path: folder.file("\(name).sqlite")))
        var terms = CredentialTerms(kind: .payer, serial: "deli-151", appDomain: "deli",
                                    notBefore: Self.time(day: 20, hour: 0), notAfter: Self.time(day: 24, hour: 0))
        terms.currency = .usd
        terms.perPurchaseLimit = 151
        let credential = try SignedCredential.issue(terms: terms, by: Keys.pa, to: Keys.payer.publicKey)
        wallet = try PayerWallet(key: Keys.payer, issuers: [Keys.pa.publicKey], credentials: [credential],
                                 approval: .ask({ _ in true }),
                                 records: SQLiteTransactionRecords(path: folder.file("\(name)-wallet.sqlite")))
        account = MerchantAccount(merchantID: terminal.merchantID, key: terminal.key, policy: terminal.policy)
        purchase = try Self.buy(from: terminal, with: wallet, at: Self.purchaseTime)
    }

    /// Another accepted purchase at the same merchant, by the same payer.
    func buy(at time: UTCTime) throws -> AcceptedPurchase {
        try Self.buy(from: terminal, with: wallet, at: time)
    }

    private static func buy(from terminal: MerchantTerminal, with wallet: PayerWallet, at time: UTCTime) throws -> AcceptedPurchase {
        let offer = try terminal.offer(product: "CelRay Soda", category: "drink", price: Money("0.55", currency: .usd),
                                       to: Keys.payer.publicKey, at: time)
        return try terminal.accept(try wallet.pay(offer), for: offer)
    }
}
