import Foundation
import Microbilling
import MicrocheckCrypto

/// A backlog of sealed deposits for clearing to work through: distinct,
/// validly signed microchecks of many payers (each with a PA credential) at
/// several vending machines over several days, grouped per machine and day
/// into deposits of at most `batchSize` purchases, all received after the
/// last day and inside the deposit window. Every purchase clears, and no
/// fraud rule fires: each payer buys at most a few times a day at one machine,
/// the merchant's history in each offer is the true one, and the machines
/// stand within a kilometre of each other while a payer's purchases are hours apart.
///
/// Signing dominates making one (an RSA-2048 signature per microcheck), so a
/// backlog can be saved to a file and loaded again.
public struct DepositBacklog: Sendable {
    /// One merchant's sealed deposit.
    public struct Deposit: Sendable {
        /// The depositing merchant.
        public var merchantID: String
        /// The seal's id.
        public var sealID: String
        /// The merchant's seal over the purchases' microcheck ids.
        public var seal: DepositSeal
        /// The purchases, in the order of the seal.
        public var purchases: [AcceptedPurchase]
    }

    /// The machines, as clearing knows them.
    public var merchants: [MerchantAccount]
    /// The machines' private keys, in the order of ``merchants`` (they seal the deposits).
    public var merchantKeys: [KeyNotePrivateKey]
    /// The payers' private keys (empty for a backlog read from a file).
    public var payerKeys: [KeyNotePrivateKey]
    /// The deposits, in the order they are received.
    public var deposits: [Deposit]
    /// When clearing receives them.
    public var receivedAt: UTCTime

    /// How many purchases the deposits hold.
    public var purchaseCount: Int { deposits.reduce(0) { $0 + $1.purchases.count } }

    /// The application domain of the backlog's machines and credentials.
    public static let appDomain = "vending"

    /// Makes a backlog of `count` purchases by `payers` payers at `merchants`
    /// machines over `days` days, with keys of `keyBits` bits (RSA), signing on every core.
    ///
    /// - Throws: ``MicrobillingError`` when a key, credential or microcheck
    ///   cannot be made, or the shape does not fit the rules (more than 29
    ///   days, or more than 20 purchases by a payer at a machine in a day).
    public static func generate(count: Int, payers payerCount: Int, merchants merchantCount: Int, days: Int, batchSize: Int,
                                keyBits: Int = 2048) throws(MicrobillingError) -> DepositBacklog {
        guard count > 0, payerCount > 0, merchantCount > 0, batchSize > 0, (1...29).contains(days) else {
            throw MicrobillingError(.invalidValue, "backlog: count, payers, merchants and batch size must be positive, days 1 to 29")
        }
        let perPayer = (count + payerCount - 1) / payerCount
        guard perPayer <= 20 * merchantCount * days else {
            throw MicrobillingError(.invalidValue, "backlog: \(perPayer) purchases per payer exceed 20 a day at each machine")
        }
        let spacing = Int64(days) * 86_400 / Int64(perPayer)
        guard spacing >= 600 else {
            throw MicrobillingError(.invalidValue, "backlog: \(perPayer) purchases per payer do not fit \(days) days ten minutes apart")
        }
        let start = try UTCTime(year: 2026, month: 10, day: 1)
        let pa = try key(bits: keyBits)
        let policy = try MerchantPolicy(appDomain: appDomain, trustedIssuers: [pa.publicKey])
        let merchantKeys = try ParallelMap.map(Array(0..<merchantCount)) { _ in Result { () throws(MicrobillingError) in try key(bits: keyBits) } }
            .map { result throws(MicrobillingError) in try result.get() }
        let merchants = merchantKeys.enumerated().map { index, key in
            MerchantAccount(merchantID: "VM-\(index)", key: key.publicKey, policy: policy,
                            location: .init(latitudeMicrodegrees: 40_750_000 + 800 * index, longitudeMicrodegrees: -73_990_000))
        }
        var common = CredentialTerms(kind: .payer, serial: "", appDomain: appDomain, notBefore: start,
                                     notAfter: start.adding(seconds: Int64(days) * 86_400))
        common.currency = .usd
        common.perPurchaseLimit = 500
        let terms = common
        let payers = try ParallelMap.map(Array(0..<payerCount)) { index in
            Result { () throws(MicrobillingError) -> (KeyNotePrivateKey, SignedCredential) in
                let payer = try key(bits: keyBits)
                var own = terms
                own.serial = "vending-\(index)"
                return (payer, try SignedCredential.issue(terms: own, by: pa, to: payer.publicKey))
            }
        }.map { result throws(MicrobillingError) in try result.get() }

        // The schedule: payer p's k-th purchase, evenly spread over the days, at machine (p + k) mod M.
        var offers: [(payer: Int, offer: Offer)] = []
        offers.reserveCapacity(count)
        var history: [String: (today: Int, spent: Int64, last: Int64)] = [:]
        let price = try Money(minorUnits: 125, currency: .usd)
        for index in 0..<count {
            let payer = index % payerCount, round = index / payerCount
            let merchant = merchants[(payer + round) % merchantCount]
            let time = start.adding(seconds: Int64(round) * spacing + Int64(payer % 600))
            let day = time.startOfDay.secondsSince1970
            let key = "\(payer) \(merchant.merchantID) \(day)"
            let known = history[key]
            let offer = try Offer(merchantName: "VENDING \(merchant.merchantID)", merchantID: merchant.merchantID,
                                  merchantPrincipal: merchant.key.encoded(.base64), product: "Soda", productCategory: "drink",
                                  price: price, time: time, appDomain: appDomain, nonce: Offer.freshNonce(),
                                  history: MerchantHistory(purchasesToday: known?.today ?? 0, spentTodayMinor: known?.spent ?? 0,
                                                           secondsSinceLast: known.map { time.secondsSince1970 - $0.last }
                                                               ?? MerchantHistory.noPreviousPurchase))
            history[key] = ((known?.today ?? 0) + 1, (known?.spent ?? 0) + price.minorUnits, time.secondsSince1970)
            offers.append((payer, offer))
        }
        let purchases = try ParallelMap.map(offers) { payer, offer in
            Result { () throws(MicrobillingError) -> AcceptedPurchase in
                let (key, credential) = payers[payer]
                let microcheck = try Microcheck.write(for: offer, by: key)
                return AcceptedPurchase(offer: offer, payer: key.publicKey, microcheck: microcheck.text,
                                        credentials: [credential.text], microcheckID: microcheck.id)
            }
        }.map { result throws(MicrobillingError) in try result.get() }
        return try DepositBacklog(merchants: merchants, merchantKeys: merchantKeys, payerKeys: payers.map { $0.0 }, purchases: purchases,
                                  batchSize: batchSize, receivedAt: start.adding(seconds: Int64(days) * 86_400 + 3_600))
    }

    /// Groups `purchases` into deposits per machine and day, in time order, each sealed by its machine's key.
    init(merchants: [MerchantAccount], merchantKeys: [KeyNotePrivateKey], payerKeys: [KeyNotePrivateKey], purchases: [AcceptedPurchase],
         batchSize: Int, receivedAt: UTCTime) throws(MicrobillingError) {
        let keys = Dictionary(zip(merchants.map(\.merchantID), merchantKeys), uniquingKeysWith: { first, _ in first })
        var groups: [String: [AcceptedPurchase]] = [:]
        var order: [String] = []
        for purchase in purchases.sorted(by: { $0.offer.time < $1.offer.time }) {
            let key = "\(purchase.offer.time.dateText) \(purchase.offer.merchantID)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(purchase)
        }
        var deposits: [Deposit] = []
        for key in order {
            let group = groups[key] ?? []
            for start in stride(from: 0, to: group.count, by: batchSize) {
                let purchases = Array(group[start..<min(start + batchSize, group.count)])
                let merchantID = purchases.first?.offer.merchantID ?? ""
                guard let key = keys[merchantID] else { throw MicrobillingError(.invalidValue, "backlog: no key for merchant \(merchantID)") }
                let seal = try DepositSeal.seal(merchantID: merchantID, microcheckIDs: purchases.map(\.microcheckID), with: key)
                deposits.append(Deposit(merchantID: merchantID, sealID: try seal.id, seal: seal, purchases: purchases))
            }
        }
        self.merchants = merchants
        self.merchantKeys = merchantKeys
        self.payerKeys = payerKeys
        self.deposits = deposits
        self.receivedAt = receivedAt
    }

    private static func key(bits: Int) throws(MicrobillingError) -> KeyNotePrivateKey {
        do {
            return try KeyNotePrivateKey.generate(.rsa, bits: bits)
        } catch {
            throw MicrobillingError(.keyFailure, "backlog: cannot make an RSA-\(bits) key: \(error.reason)")
        }
    }
}
