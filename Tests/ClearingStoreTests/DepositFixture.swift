import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto

/// One purchase, as a merchant hands it on for deposit: the paper's 0.55 USD
/// soda at a merchant of its own, paid under a 1.51 USD payer credential.
struct DepositFixture {
    /// Keys made once for the run (RSA-1024: quick to make).
    enum Keys {
        static let pa = make()
        static let payer = make()
        static let merchant = make()

        static func make() -> KeyNotePrivateKey {
            do { return try KeyNotePrivateKey.generate(.rsa, bits: 1024) } catch { preconditionFailure("keygen: \(error)") }
        }
    }

    static let purchaseTime = time(day: 23, hour: 12)
    static let nextDay = time(day: 24, hour: 12)

    static func time(day: Int, hour: Int) -> UTCTime {
        do { return try UTCTime(year: 2000, month: 10, day: day, hour: hour) } catch { preconditionFailure("\(error)") }
    }

    /// The merchant as clearing knows it.
    let account: MerchantAccount
    /// The accepted purchase.
    let purchase: AcceptedPurchase

    init(folder: TemporaryFolder) throws {
        let policy = try MerchantPolicy(appDomain: "deli", trustedIssuers: [Keys.pa.publicKey], gatedCategories: [])
        let terminal = try MerchantTerminal(name: "LEE'S DELI", merchantID: "M-\(UUID().uuidString)", key: Keys.merchant.publicKey,
                                            policy: policy, journal: SQLiteMerchantJournal(path: folder.file("journal.sqlite")))
        var terms = CredentialTerms(kind: .payer, serial: "deli-151", appDomain: "deli",
                                    notBefore: Self.time(day: 20, hour: 0), notAfter: Self.time(day: 24, hour: 0))
        terms.currency = .usd
        terms.perPurchaseLimit = 151
        let credential = try SignedCredential.issue(terms: terms, by: Keys.pa, to: Keys.payer.publicKey)
        let wallet = try PayerWallet(key: Keys.payer, issuers: [Keys.pa.publicKey], credentials: [credential],
                                     approval: .ask({ _ in true }),
                                     records: SQLiteTransactionRecords(path: folder.file("wallet.sqlite")))
        let offer = try terminal.offer(product: "CelRay Soda", category: "drink", price: Money("0.55", currency: .usd),
                                       to: Keys.payer.publicKey, at: Self.purchaseTime)
        purchase = try terminal.accept(try wallet.pay(offer), for: offer)
        account = MerchantAccount(merchantID: terminal.merchantID, key: terminal.key, policy: terminal.policy)
    }
}
