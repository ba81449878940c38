import Foundation
import Microbilling
import MicrocheckCrypto

extension DepositBacklog {
    /// Writes the backlog to `path` as JSON (keys and credentials once, each
    /// purchase as its offer's fields and its microcheck's text).
    ///
    /// - Throws: ``MicrobillingError`` (`.storage`) when the file cannot be written.
    public func save(to path: String) throws(MicrobillingError) {
        var credentials: [String: Int] = [:], payers: [String: Int] = [:]
        func index(_ text: String, in table: inout [String: Int]) -> Int {
            if let known = table[text] { return known }
            table[text] = table.count
            return table.count - 1
        }
        let stored = StoredBacklog(
            receivedAt: receivedAt.secondsSince1970,
            trustedIssuers: merchants.first?.policy.trustedIssuers.map { $0.encoded(.base64) } ?? [],
            merchantKeys: merchantKeys.map { $0.encoded(.base64) },
            merchants: merchants.map { StoredMerchant(id: $0.merchantID, key: $0.key.encoded(.base64),
                                                      latitude: $0.location?.latitudeMicrodegrees, longitude: $0.location?.longitudeMicrodegrees) },
            deposits: deposits.map { deposit in
                StoredDeposit(merchantID: deposit.merchantID, sealID: deposit.sealID, seal: deposit.seal.signature, purchases: deposit.purchases.map { purchase in
                    let offer = purchase.offer
                    return StoredPurchase(payer: index(purchase.payer.encoded(.base64), in: &payers),
                                          credentials: purchase.credentials.map { index($0, in: &credentials) },
                                          merchantName: offer.merchantName, product: offer.product, category: offer.productCategory,
                                          price: offer.price.minorUnits, currency: offer.price.currency, time: offer.time.secondsSince1970,
                                          nonce: offer.nonce, history: offer.history, microcheck: purchase.microcheck)
                })
            },
            payers: payers.sorted { $0.value < $1.value }.map(\.key),
            credentials: credentials.sorted { $0.value < $1.value }.map(\.key))
        do {
            try JSONEncoder().encode(stored).write(to: URL(fileURLWithPath: path))
        } catch {
            throw MicrobillingError(.storage, "cannot write the backlog to \(path): \(error)")
        }
    }

    /// Reads a backlog written by ``save(to:)``.
    ///
    /// - Throws: ``MicrobillingError`` when the file cannot be read or holds
    ///   something that is not a backlog (`.storage`), or an offer, key or
    ///   microcheck that does not check (`.invalidValue`, `.invalidAssertion`).
    public init(contentsOf path: String) throws(MicrobillingError) {
        let stored: StoredBacklog
        do {
            stored = try JSONDecoder().decode(StoredBacklog.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw MicrobillingError(.storage, "cannot read the backlog in \(path): \(error)")
        }
        func key(_ text: String) throws(MicrobillingError) -> KeyNoteKey {
            guard let key = try? KeyNoteKey.parse(text) else { throw MicrobillingError(.invalidValue, "backlog: \"\(text.prefix(24))…\" is not a key") }
            return key
        }
        func element<Element>(_ table: [Element], _ index: Int, _ what: String) throws(MicrobillingError) -> Element {
            guard table.indices.contains(index) else { throw MicrobillingError(.invalidValue, "backlog: no \(what) \(index)") }
            return table[index]
        }
        let policy = try MerchantPolicy(appDomain: Self.appDomain, trustedIssuers: stored.trustedIssuers.map { text throws(MicrobillingError) in try key(text) })
        var merchants: [MerchantAccount] = []
        for merchant in stored.merchants {
            let location = merchant.latitude.flatMap { latitude in
                merchant.longitude.map { MerchantAccount.Location(latitudeMicrodegrees: latitude, longitudeMicrodegrees: $0) }
            }
            merchants.append(MerchantAccount(merchantID: merchant.id, key: try key(merchant.key), policy: policy, location: location))
        }
        let principals = Dictionary(merchants.map { ($0.merchantID, $0.key.encoded(.base64)) }, uniquingKeysWith: { first, _ in first })
        let payers = try stored.payers.map { text throws(MicrobillingError) in try key(text) }
        var deposits: [Deposit] = []
        for deposit in stored.deposits {
            guard let principal = principals[deposit.merchantID] else {
                throw MicrobillingError(.invalidValue, "backlog: deposit \(deposit.sealID) of unknown merchant \(deposit.merchantID)")
            }
            var purchases: [AcceptedPurchase] = []
            for purchase in deposit.purchases {
                let offer = try Offer(merchantName: purchase.merchantName, merchantID: deposit.merchantID, merchantPrincipal: principal,
                                      product: purchase.product, productCategory: purchase.category,
                                      price: Money(minorUnits: purchase.price, currency: purchase.currency),
                                      time: UTCTime(secondsSince1970: purchase.time), appDomain: Self.appDomain, nonce: purchase.nonce,
                                      history: purchase.history)
                let credentials = try purchase.credentials.map { index throws(MicrobillingError) in try element(stored.credentials, index, "credential") }
                purchases.append(AcceptedPurchase(offer: offer, payer: try element(payers, purchase.payer, "payer"), microcheck: purchase.microcheck,
                                                  credentials: credentials, microcheckID: try Microcheck(text: purchase.microcheck).id))
            }
            let seal = DepositSeal(merchantID: deposit.merchantID, microcheckIDs: purchases.map(\.microcheckID), signature: deposit.seal)
            deposits.append(Deposit(merchantID: deposit.merchantID, sealID: deposit.sealID, seal: seal, purchases: purchases))
        }
        self.merchants = merchants
        self.merchantKeys = try stored.merchantKeys.map { text throws(MicrobillingError) in
            do {
                return try KeyNotePrivateKey.parse(text)
            } catch {
                throw MicrobillingError(.invalidValue, "backlog: a merchant's private key does not read: \(error)")
            }
        }
        self.payerKeys = []
        self.deposits = deposits
        self.receivedAt = UTCTime(secondsSince1970: stored.receivedAt)
    }
}

/// The file form of a ``DepositBacklog``.
private struct StoredBacklog: Codable {
    var receivedAt: Int64
    var trustedIssuers: [String]
    var merchantKeys: [String]
    var merchants: [StoredMerchant]
    var deposits: [StoredDeposit]
    var payers: [String]
    var credentials: [String]
}

private struct StoredMerchant: Codable {
    var id: String
    var key: String
    var latitude: Int?
    var longitude: Int?
}

private struct StoredDeposit: Codable {
    var merchantID: String
    var sealID: String
    var seal: [UInt8]
    var purchases: [StoredPurchase]
}

private struct StoredPurchase: Codable {
    var payer: Int
    var credentials: [Int]
    var merchantName: String
    var product: String
    var category: String
    var price: Int64
    var currency: Currency
    var time: Int64
    var nonce: String
    var history: MerchantHistory
    var microcheck: String
}
