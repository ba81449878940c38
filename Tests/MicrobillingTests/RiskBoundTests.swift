import KeyNote
import Microbilling
import MicrocheckCrypto
import Testing

/// The bounds of the sample plan hold against malformed attributes and
/// against a thief with a stolen device.
@Suite struct RiskBoundTests {
    static let payers: [(name: String, payerClass: String, key: KeyNotePrivateKey)] = [
        ("alice", "standard", Keys.payer), ("bob", "newspapers", Keys.otherPayer), ("carol", "food-benefit", Keys.payer),
    ]
    static let issued = Dates.at(23, 12)

    /// A purchase each credential of the plan accepts: the control of the mutations.
    static func acceptedOffer(for terms: CredentialTerms, merchant: KeyNoteKey) throws -> Offer {
        let category = terms.allowedCategories?.first ?? "general"
        return try Offer(merchantName: "VENDING", merchantID: "M-0", merchantPrincipal: merchant.encoded(.base64), product: "Item",
                         productCategory: category, price: Money(minorUnits: 100, currency: .usd), time: issued.adding(seconds: 60),
                         appDomain: terms.appDomain, nonce: Offer.freshNonce(),
                         history: MerchantHistory(purchasesToday: 1, spentTodayMinor: 100, secondsSinceLast: 7200))
    }

    @Test func everyGuardedAttributeRefusesMalformedValues() throws {
        let pa = ProvisioningAgent(key: Keys.pa, strategy: try SampleStrategy.parsed())
        let merchant = Keys.merchants[0].publicKey
        let policy = try MerchantPolicy(appDomain: "deli", trustedIssuers: [Keys.pa.publicKey])
        var mutations = 0
        for (_, payerClass, key) in Self.payers {
            for credential in try pa.issue(class: payerClass, standing: .good, to: key.publicKey, at: Self.issued) {
                let terms = credential.terms
                let offer = try Self.acceptedOffer(for: terms, merchant: merchant)
                // A payer's microcheck that binds nothing: only the credential stands between the payer and the goods.
                let open = try AssertionWriter.sign(AssertionWriter.unsigned(comment: nil, authorizer: key.publicKey,
                                                                             licensees: AssertionWriter.quoted(merchant),
                                                                             conditions: "app_domain == \"deli\" -> \"true\";"), with: key)
                let control = try PurchaseCheck.run(policies: policy.assertions, credentials: [credential.text], microcheck: open,
                                                    attributes: offer.attributes, merchant: merchant.encoded(.base64))
                #expect(control.authorized, "control for \(terms.serial)")
                var tested = [OfferAttribute.amountMinor, OfferAttribute.timestamp]
                if terms.purchasesPerMerchantPerDay != nil { tested.append(OfferAttribute.purchasesToday) }
                if terms.totalPerMerchantPerDay != nil { tested.append(OfferAttribute.spentTodayMinor) }
                if terms.minimumInterval != nil { tested.append(OfferAttribute.secondsSinceLast) }
                for attribute in tested {
                    for value in [nil, "", "-1", "1e9", "0x10", " 1"] as [String?] {
                        var attributes = offer.attributes.filter { $0.name != attribute }
                        if let value { attributes.append((attribute, value)) }
                        let outcome = try PurchaseCheck.run(policies: policy.assertions, credentials: [credential.text], microcheck: open,
                                                            attributes: attributes, merchant: merchant.encoded(.base64))
                        #expect(!outcome.authorized, "\(terms.serial): \(attribute) = \(value.map { "\"\($0)\"" } ?? "absent")")
                        mutations += 1
                    }
                }
            }
        }
        // Six values for each tested attribute: standard tests 4, newspapers 3, food-benefit 4.
        #expect(mutations == 6 * 4 + 6 * 3 + 6 * 4)
    }

    @Test func thiefTakesExactlyTheReportedWorstCase() throws {
        let world = World()
        let strategy = try SampleStrategy.parsed()
        let pa = ProvisioningAgent(key: Keys.pa, strategy: strategy)
        let merchantCount = 3
        let stolen = try Self.payers.map { name, payerClass, key in
            (name, key, try pa.issue(class: payerClass, standing: .good, to: key.publicKey, at: Self.issued))
        }
        let report = ExposureReport(currency: .usd, merchants: merchantCount, from: Self.issued,
                                    payers: stolen.map { ($0.0, $0.2.map(\.terms)) })
        print(report)
        // Issued at noon, so the windows cut UTC days: standard 2 days x 10.00,
        // newspapers 4 days x 2 x 1.50, food 3 days x 4 x 20.00; each at 3 merchants.
        #expect(report.lines.map(\.worstCase) == [6000, 3600, 72000])
        #expect(report.total == 81600)
        let catalog: [(String, String, String)] = [("Groceries", "food", "20.00"), ("Gadget", "general", "5.00"),
                                                   ("Beer", "adult", "5.00"), ("Times", "newspaper", "1.50"), ("Soda", "drink", "0.55")]
        for (index, (name, key, credentials)) in stolen.enumerated() {
            var take: Int64 = 0
            for merchant in 0..<merchantCount {
                let terminal = try world.terminal(merchant, name: "VENDING \(merchant)")
                let terms = try #require(credentials.first?.terms)
                var time = Self.issued
                while time < terms.notAfter {
                    var bought = false
                    var wait = false
                    for (product, category, price) in catalog {
                        let reason = try decide(terminal, product: product, category: category, price: price, at: time,
                                                credentials: credentials, payer: key)
                        if reason == nil {
                            take += try usd(price).minorUnits
                            bought = true
                            break
                        }
                        if reason == .tooSoon { wait = true }
                    }
                    if bought || wait {
                        time = time.adding(seconds: terms.minimumInterval ?? 1)
                    } else {
                        time = time.startOfDay.adding(seconds: 86_400)
                    }
                }
            }
            #expect(take == report.lines[index].worstCase, "\(name)")
        }
    }

    @Test func exposureOfUnboundedCredentialIsUnbounded() throws {
        var terms = CredentialTerms(kind: .payer, serial: "open", appDomain: "deli", notBefore: Dates.october20, notAfter: Dates.october24)
        terms.currency = .usd
        terms.perPurchaseLimit = 100
        #expect(Exposure.worstCase(of: terms, merchants: 2, from: Dates.october20) == nil)
        terms.purchasesPerMerchantPerDay = 1
        #expect(Exposure.worstCase(of: terms, merchants: 2, from: Dates.october20) == 800)
        // Only what is left counts: from noon of the last day, one purchase per merchant.
        #expect(Exposure.worstCase(of: terms, merchants: 2, from: Dates.october23) == 200)
    }
}
