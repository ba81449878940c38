import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto

/// Keys made once for all tests (RSA-1024: quick to make and to check).
enum Keys {
    static func make() -> KeyNotePrivateKey {
        do { return try KeyNotePrivateKey.generate(.rsa, bits: 1024) } catch { preconditionFailure("keygen: \(error)") }
    }
    static let pa = make()
    static let otherPA = make()
    static let regionalPA = make()
    static let payer = make()
    static let otherPayer = make()
    static let dmv = make()
    static let ageRegistry = make()
    static let merchants = (0..<4).map { _ in make() }
}

/// A temporary folder removed when the value goes away.
final class TemporaryFolder: @unchecked Sendable {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "microbilling-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> String { path + "/" + name }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// One world of the paper: a PA, merchants with journals, a payer wallet,
/// clearing — all on SQLite files in a temporary folder.
struct World {
    let folder = TemporaryFolder()
    let appDomain: String
    let start: UTCTime

    init(appDomain: String = "deli", start: UTCTime = Dates.october23) {
        self.appDomain = appDomain
        self.start = start
    }

    func policy(trusting issuers: [KeyNoteKey] = [Keys.pa.publicKey],
                gates: [MerchantPolicy.GatedCategory] = []) throws -> MerchantPolicy {
        try MerchantPolicy(appDomain: appDomain, trustedIssuers: issuers, gatedCategories: gates)
    }

    func terminal(_ index: Int, name: String = "LEE'S DELI", policy: MerchantPolicy? = nil) throws -> MerchantTerminal {
        try MerchantTerminal(name: name, merchantID: "M-\(index)", key: Keys.merchants[index].publicKey,
                             policy: policy ?? self.policy(),
                             journal: SQLiteMerchantJournal(path: folder.file("journal-\(index)-\(UUID().uuidString).sqlite")))
    }

    func wallet(_ credentials: [SignedCredential], key: KeyNotePrivateKey = Keys.payer,
                issuers: [KeyNoteKey] = [Keys.pa.publicKey], approval: Approval = .ask({ _ in true })) throws -> PayerWallet {
        try PayerWallet(key: key, issuers: issuers, credentials: credentials, approval: approval,
                        records: SQLiteTransactionRecords(path: folder.file("wallet-\(UUID().uuidString).sqlite")))
    }

    func clearing(_ terminals: [MerchantTerminal], locations: [MerchantAccount.Location?] = [],
                  rules: ClearingRules = .standard) throws -> ClearingHouse {
        let accounts = terminals.enumerated().map { index, terminal in
            MerchantAccount(merchantID: terminal.merchantID, key: terminal.key, policy: terminal.policy,
                            location: index < locations.count ? locations[index] : nil)
        }
        return try ClearingHouse(store: SQLiteClearingStore(path: folder.file("ledger-\(UUID().uuidString).sqlite")),
                                 merchants: accounts, rules: rules)
    }

    /// The paper's payer credential: up to 1.51 USD each in `appDomain` until 20001024.
    func deliCredential(limit: Int64 = 151, until: UTCTime = Dates.october24, by issuer: KeyNotePrivateKey = Keys.pa,
                        to payer: KeyNoteKey = Keys.payer.publicKey, edit: (inout CredentialTerms) -> Void = { _ in }) throws -> SignedCredential {
        var terms = CredentialTerms(kind: .payer, serial: "deli-\(limit)", appDomain: appDomain,
                                    notBefore: Dates.october20, notAfter: until)
        terms.currency = .usd
        terms.perPurchaseLimit = limit
        edit(&terms)
        return try SignedCredential.issue(terms: terms, by: issuer, to: payer)
    }
}

enum Dates {
    static func at(_ day: Int, _ hour: Int = 12, month: Int = 10, year: Int = 2000) -> UTCTime {
        do { return try UTCTime(year: year, month: month, day: day, hour: hour) } catch { preconditionFailure("\(error)") }
    }
    static let october20 = at(20, 0)
    static let october23 = at(23, 12)
    static let october24 = at(24, 0)
}

func usd(_ text: String) throws -> Money { try Money(text, currency: .usd) }

/// One purchase from offer to decision.
func buy(_ product: String = "CelRay Soda", category: String = "drink", price: String = "0.55",
         at time: UTCTime = Dates.october23, from terminal: MerchantTerminal, with wallet: PayerWallet) throws -> AcceptedPurchase {
    let offer = try terminal.offer(product: product, category: category, price: usd(price), to: wallet.key.publicKey, at: time)
    return try terminal.accept(try wallet.pay(offer), for: offer)
}

/// The reason of a refusal thrown by `body`, nil when it did not refuse.
func refusal(_ body: () throws -> Void) -> RefusalReason? {
    do {
        try body()
        return nil
    } catch let refusal as Refusal {
        return refusal.reason
    } catch {
        return nil
    }
}

/// A submission written directly (no wallet, no local check), to test what
/// the merchant does with what a payer could send.
func submission(for offer: Offer, credentials: [SignedCredential], payer: KeyNotePrivateKey = Keys.payer) throws -> PurchaseSubmission {
    PurchaseSubmission(microcheck: try Microcheck.write(for: offer, by: payer).text, credentials: credentials.map(\.text))
}

/// The merchant's decision on a directly written submission: nil when accepted.
func decide(_ terminal: MerchantTerminal, product: String = "CelRay Soda", category: String = "drink", price: String = "0.55",
            at time: UTCTime = Dates.october23, credentials: [SignedCredential], payer: KeyNotePrivateKey = Keys.payer) throws -> RefusalReason? {
    let offer = try terminal.offer(product: product, category: category, price: usd(price), to: payer.publicKey, at: time)
    let sent = try submission(for: offer, credentials: credentials, payer: payer)
    return refusal { _ = try terminal.accept(sent, for: offer) }
}
