import Microbilling
import MicrocheckCrypto
import Testing

/// The paper's scenarios end to end, in one process, with real keys and
/// signatures; every refusal next to a control that differs in one field.
@Suite struct PaperScenarioTests {
    @Test func leesDeliCelRaySodaWithinTheLimitUntilTheDate() throws {
        let world = World()
        let deli = try world.terminal(0)
        let wallet = try world.wallet([world.deliCredential()])
        let purchase = try buy(from: deli, with: wallet)
        #expect(purchase.offer.price.minorUnits == 55)
        #expect(try deli.journal.containsPurchase(nonce: purchase.offer.nonce, microcheckID: purchase.microcheckID))
        #expect(try wallet.records.records().map(\.microcheckID) == [purchase.microcheckID])
        // 1.51 is the limit: accepted; 1.52 is over it, and escalation could help.
        #expect(try decide(deli, price: "1.51", credentials: [world.deliCredential()]) == nil)
        #expect(try decide(deli, price: "1.52", credentials: [world.deliCredential()]) == .overLimit)
        #expect(RefusalReason.overLimit.escalationPossible)
    }

    @Test func expiryIsTheCredentialsWindowInUTC() throws {
        let world = World()
        let deli = try world.terminal(0)
        let credential = try world.deliCredential()
        #expect(try decide(deli, at: Dates.at(23, 23), credentials: [credential]) == nil)
        #expect(try decide(deli, at: Dates.at(24, 0), credentials: [credential]) == .expired)
        #expect(try decide(deli, at: Dates.at(19, 23), credentials: [credential]) == .notYetValid)
    }

    @Test func carRentalNeedsADMVLicenceBesidesPayment() throws {
        let world = World(appDomain: "car-rental")
        let dmv = try AttributeAuthority(key: Keys.dmv, attribute: "driver-licence")
        let policy = try world.policy(gates: [.init(category: "car-rental", authorities: [Keys.dmv.publicKey])])
        let agency = try world.terminal(1, name: "RENT-A-WRECK", policy: policy)
        let payment = try world.deliCredential(limit: 10_000)
        let licence = try dmv.vouch(for: Keys.payer.publicKey, appDomain: "car-rental", categories: ["car-rental"],
                                    serial: "dmv-1", notBefore: Dates.october20, notAfter: Dates.at(20, month: 12))
        #expect(try decide(agency, product: "Compact, one day", category: "car-rental", price: "45.00", credentials: [payment]) == .attributeCredentialMissing)
        #expect(try decide(agency, product: "Compact, one day", category: "car-rental", price: "45.00", credentials: [payment, licence]) == nil)
        // A licence from another key than the DMV's does not do.
        let forged = try AttributeAuthority(key: Keys.otherPA, attribute: "driver-licence")
            .vouch(for: Keys.payer.publicKey, appDomain: "car-rental", categories: ["car-rental"], serial: "x",
                   notBefore: Dates.october20, notAfter: Dates.at(20, month: 12))
        #expect(try decide(agency, product: "Compact, one day", category: "car-rental", price: "45.00", credentials: [payment, forged]) == .attributeCredentialMissing)
    }

    @Test func adultsOnlyProductNeedsAnAdulthoodCredential() throws {
        let world = World()
        let registry = try AttributeAuthority(key: Keys.ageRegistry, attribute: "adult")
        let policy = try world.policy(gates: [.init(category: "adult", authorities: [Keys.ageRegistry.publicKey])])
        let shop = try world.terminal(0, policy: policy)
        let payment = try world.deliCredential(limit: 1000)
        let adult = try registry.vouch(for: Keys.payer.publicKey, appDomain: "deli", categories: ["adult"], serial: "age-1",
                                       notBefore: Dates.october20, notAfter: Dates.at(20, month: 12))
        #expect(try decide(shop, product: "Beer", category: "adult", price: "3.00", credentials: [payment]) == .attributeCredentialMissing)
        #expect(try decide(shop, product: "Beer", category: "adult", price: "3.00", credentials: [payment, adult]) == nil)
        // The adulthood credential of another payer does not make this payer an adult.
        let theirs = try registry.vouch(for: Keys.otherPayer.publicKey, appDomain: "deli", categories: ["adult"], serial: "age-2",
                                        notBefore: Dates.october20, notAfter: Dates.at(20, month: 12))
        #expect(try decide(shop, product: "Beer", category: "adult", price: "3.00", credentials: [payment, theirs]) == .attributeCredentialMissing)
        // Products that are not gated need no such credential.
        #expect(try decide(shop, credentials: [payment]) == nil)
    }

    @Test func foodStampMoneyBuysOnlyFoodAndIsDebitedFromItsFund() throws {
        let world = World()
        let grocer = try world.terminal(0, name: "CORNER GROCER")
        let stamps = try world.deliCredential(limit: 2000) { $0.allowedCategories = ["food"]; $0.fund = "food-benefit" }
        #expect(try decide(grocer, product: "Bread", category: "food", price: "2.50", credentials: [stamps]) == nil)
        #expect(try decide(grocer, product: "Cigarettes", category: "tobacco", price: "2.50", credentials: [stamps]) == .categoryNotAllowed)
        let wallet = try world.wallet([stamps])
        let purchase = try buy("Milk", category: "food", price: "1.20", from: grocer, with: wallet)
        let clearing = try world.clearing([grocer])
        let entry = try clearing.clear(purchase, depositedBy: grocer.merchantID, at: Dates.at(25))
        #expect(entry.fund == "food-benefit")
        #expect(try clearing.statement(payer: Keys.payer.publicKey.fingerprint).totals == ["USD food-benefit": 120])
    }

    @Test func newspapersOnlyAFewCopiesPerVendor() throws {
        let world = World()
        let vendors = try (0..<2).map { try world.terminal($0, name: "NEWS \($0)") }
        let papers = try world.deliCredential(limit: 150) { $0.allowedCategories = ["newspaper"]; $0.purchasesPerMerchantPerDay = 2 }
        let wallet = try world.wallet([papers])
        for _ in 0..<2 { _ = try buy("Times", category: "newspaper", price: "1.50", from: vendors[0], with: wallet) }
        #expect(try decide(vendors[0], product: "Times", category: "newspaper", price: "1.50", credentials: [papers]) == .countExceeded)
        #expect(try decide(vendors[1], product: "Times", category: "newspaper", price: "1.50", credentials: [papers]) == nil)
        #expect(try decide(vendors[1], product: "Soda", category: "drink", price: "0.55", credentials: [papers]) == .categoryNotAllowed)
        // The next UTC day the count starts again.
        #expect(try decide(vendors[0], product: "Times", category: "newspaper", price: "1.50", at: Dates.at(24, 1, month: 10),
                           credentials: [world.deliCredential(limit: 150, until: Dates.at(26)) { $0.allowedCategories = ["newspaper"]; $0.purchasesPerMerchantPerDay = 2 }]) == nil)
    }

    @Test func twoCredentialsTradeOffWhenAnUpdateIsMissed() throws {
        let world = World()
        let deli = try world.terminal(0)
        // High value, short life (one day); low value, long life (a month).
        let daily = try world.deliCredential(limit: 2000, until: Dates.at(23, 23)) { $0.serial = "daily" }
        let monthly = try world.deliCredential(limit: 151, until: Dates.at(20, month: 11)) { $0.serial = "monthly" }
        let wallet = try world.wallet([daily, monthly])
        // While both are fresh: a big purchase uses the daily one, a small one the monthly one.
        #expect(try buy("Sandwich", category: "food", price: "8.00", at: Dates.at(23, 10), from: deli, with: wallet).offer.price.minorUnits == 800)
        #expect(try wallet.records.records().last?.credentialSerial == "daily")
        _ = try buy(at: Dates.at(23, 11), from: deli, with: wallet)
        #expect(try wallet.records.records().last?.credentialSerial == "monthly")
        // The payer missed the next daily update: small purchases still work, big ones do not.
        _ = try buy(at: Dates.at(25, 10), from: deli, with: wallet)
        #expect(throws: MicrobillingError.self) { _ = try buy("Sandwich", category: "food", price: "8.00", at: Dates.at(25, 11), from: deli, with: wallet) }
        #expect(try decide(deli, product: "Sandwich", category: "food", price: "8.00", at: Dates.at(25, 11), credentials: [daily, monthly]) == .overLimit)
    }

    @Test func twoLayerPA() throws {
        let world = World()
        let deli = try world.terminal(0)
        var delegationTerms = CredentialTerms(kind: .delegation, serial: "west", appDomain: "deli",
                                              notBefore: Dates.october20, notAfter: Dates.at(20, month: 12))
        delegationTerms.currency = .usd
        delegationTerms.perPurchaseLimit = 500
        let delegation = try ProvisioningAgent(key: Keys.pa, strategy: SampleStrategy.parsed()).delegate(to: Keys.regionalPA.publicKey, terms: delegationTerms)
        let regional = try world.deliCredential(limit: 1000, by: Keys.regionalPA)
        let wallet = try world.wallet([regional, delegation])
        _ = try buy(from: deli, with: wallet)
        // Without the root's delegation the regional PA is unknown to the merchant.
        #expect(try decide(deli, credentials: [regional]) == .unknownIssuer)
        // The root's cap binds the regional PA's larger limit.
        #expect(try decide(deli, price: "5.00", credentials: [regional, delegation]) == nil)
        #expect(try decide(deli, price: "5.01", credentials: [regional, delegation]) == .overLimit)
    }

    @Test func escalatedPurchaseOverTheOfflineLimit() throws {
        let world = World()
        let deli = try world.terminal(0)
        let pa = ProvisioningAgent(key: Keys.pa, strategy: try SampleStrategy.parsed())
        let credential = try world.deliCredential()
        let offer = try deli.offer(product: "Party tray", category: "food", price: usd("12.00"), to: Keys.payer.publicKey, at: Dates.october23)
        let first = try submission(for: offer, credentials: [credential])
        #expect(refusal { _ = try deli.accept(first, for: offer) } == .overLimit)
        let request = EscalationRequest(offer: offer, microcheck: first.microcheck)
        let answer = try pa.escalate(request, class: "standard", standing: .good, at: Dates.october23.adding(seconds: 20))
        #expect(answer.terms.nonce == offer.nonce && answer.terms.exactAmount == 1200)
        #expect(try deli.accept(PurchaseSubmission(microcheck: first.microcheck, credentials: [answer.text]), for: offer).offer.nonce == offer.nonce)
        // The escalation credential is worth that one offer only.
        #expect(try decide(deli, product: "Party tray", category: "food", price: "12.00", credentials: [answer]) == .bindingMismatch)
        // Refusals of the PA: over the class's escalation limit, bad standing, a request not signed by the payer.
        let big = try deli.offer(product: "Catering", category: "food", price: usd("99.00"), to: Keys.payer.publicKey, at: Dates.october23)
        #expect(throws: EscalationRefusal.self) {
            _ = try pa.escalate(EscalationRequest(offer: big, microcheck: try Microcheck.write(for: big, by: Keys.payer).text),
                                class: "standard", standing: .good, at: Dates.october23)
        }
        #expect(throws: EscalationRefusal.self) { _ = try pa.escalate(request, class: "standard", standing: .watch, at: Dates.october23) }
        let forged = EscalationRequest(offer: offer, microcheck: try Microcheck.write(for: offer, by: Keys.otherPayer).text.replacingOccurrences(
            of: Keys.otherPayer.publicKey.encoded(.base64), with: Keys.payer.publicKey.encoded(.base64)))
        #expect(throws: EscalationRefusal.self) { _ = try pa.escalate(forged, class: "standard", standing: .good, at: Dates.october23) }
    }
}
