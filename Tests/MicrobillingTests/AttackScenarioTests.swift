import Microbilling
import MicrocheckCrypto
import Testing

/// Tampered, replayed and misdirected microchecks at the merchant, and
/// double and pre-dated deposits at clearing; each next to its control.
@Suite struct AttackScenarioTests {
    @Test func tamperedMicrocheckIsRefused() throws {
        let world = World()
        let deli = try world.terminal(0)
        let credential = try world.deliCredential()
        let offer = try deli.offer(product: "CelRay Soda", category: "drink", price: usd("0.55"), to: Keys.payer.publicKey, at: Dates.october23)
        let good = try submission(for: offer, credentials: [credential])
        // The payer changes the amount after signing; the offer is changed the same way.
        var cheaper = offer
        cheaper.price = try usd("0.05")
        let tampered = PurchaseSubmission(microcheck: good.microcheck.replacingOccurrences(of: "\"0.55\"", with: "\"0.05\"")
            .replacingOccurrences(of: "amount_minor == \"55\"", with: "amount_minor == \"5\""), credentials: good.credentials)
        #expect(refusal { _ = try deli.accept(tampered, for: cheaper) } == .badSignature)
        // A credential whose limit was raised after the PA signed it.
        let raised = PurchaseSubmission(microcheck: good.microcheck,
                                        credentials: [credential.text.replacingOccurrences(of: "<= 151", with: "<= 999")])
        var pricey = offer
        pricey.price = try usd("9.00")
        let priceyCheck = try submission(for: pricey, credentials: [])
        #expect(refusal { _ = try deli.accept(PurchaseSubmission(microcheck: priceyCheck.microcheck, credentials: raised.credentials), for: pricey) } == .badSignature)
        // Control: the untouched submission.
        #expect(try deli.accept(good, for: offer).offer.nonce == offer.nonce)
    }

    @Test func replayedMicrocheckIsRefused() throws {
        let world = World()
        let deli = try world.terminal(0)
        let credential = try world.deliCredential()
        let offer = try deli.offer(product: "CelRay Soda", category: "drink", price: usd("0.55"), to: Keys.payer.publicKey, at: Dates.october23)
        let sent = try submission(for: offer, credentials: [credential])
        _ = try deli.accept(sent, for: offer)
        #expect(refusal { _ = try deli.accept(sent, for: offer) } == .replayedNonce)
        // Replayed against a new offer for the same thing.
        let next = try deli.offer(product: "CelRay Soda", category: "drink", price: usd("0.55"), to: Keys.payer.publicKey, at: Dates.october23.adding(seconds: 60))
        #expect(refusal { _ = try deli.accept(sent, for: next) } == .replayedNonce)
        // Control: a fresh microcheck for the new offer.
        #expect(try deli.accept(submission(for: next, credentials: [credential]), for: next).offer.nonce == next.nonce)
    }

    @Test func microcheckForAnotherMerchantWithTheSameNameIsRefused() throws {
        let world = World()
        let lees = try world.terminal(0, name: "LEE'S DELI")
        let otherLees = try world.terminal(1, name: "LEE'S DELI")
        let credential = try world.deliCredential()
        let offer = try lees.offer(product: "CelRay Soda", category: "drink", price: usd("0.55"), to: Keys.payer.publicKey, at: Dates.october23)
        let sent = try submission(for: offer, credentials: [credential])
        // The other shop of the same name presents an offer copied from the first, with its own identity.
        var copied = offer
        copied.merchantID = otherLees.merchantID
        copied.merchantPrincipal = otherLees.key.encoded(.base64)
        #expect(refusal { _ = try otherLees.accept(sent, for: copied) } == .wrongMerchant)
        // Clearing refuses the first shop's check deposited by the second.
        let accepted = try lees.accept(sent, for: offer)
        let clearing = try world.clearing([lees, otherLees])
        #expect(throws: ClearingHouse.Rejection.wrongMerchant) { _ = try clearing.clear(accepted, depositedBy: otherLees.merchantID, at: Dates.at(24)) }
        // Control: the payee deposits it.
        #expect(try clearing.clear(accepted, depositedBy: lees.merchantID, at: Dates.at(24)).amount.minorUnits == 55)
    }

    @Test func doubleDepositIsRejectedAndFlagged() throws {
        let world = World()
        let deli = try world.terminal(0)
        let wallet = try world.wallet([world.deliCredential()])
        let purchase = try buy(from: deli, with: wallet)
        let clearing = try world.clearing([deli])
        _ = try clearing.clear(purchase, depositedBy: deli.merchantID, at: Dates.at(24))
        #expect(throws: ClearingHouse.Rejection.duplicate) { _ = try clearing.clear(purchase, depositedBy: deli.merchantID, at: Dates.at(25)) }
        #expect(try clearing.store.flags(subject: deli.merchantID).map(\.rule) == [.doubleDeposit])
        #expect(try clearing.statement(merchantID: deli.merchantID).entries.count == 1)
        // Control: a second, different purchase clears.
        let second = try buy(at: Dates.october23.adding(seconds: 90), from: deli, with: wallet)
        #expect(try clearing.clear(second, depositedBy: deli.merchantID, at: Dates.at(25)).nonce == second.offer.nonce)
    }

    @Test func preDatedDepositIsRejected() throws {
        let world = World()
        let deli = try world.terminal(0)
        let credential = try world.deliCredential()
        // The merchant dates an offer inside the credential's window, but deposits it long after.
        let wallet = try world.wallet([credential])
        let purchase = try buy(from: deli, with: wallet)
        let clearing = try world.clearing([deli])
        #expect(throws: ClearingHouse.Rejection.outsideDepositWindow) {
            _ = try clearing.clear(purchase, depositedBy: deli.merchantID, at: Dates.at(23, month: 12))
        }
        #expect(try clearing.store.flags(subject: deli.merchantID).map(\.rule) == [.datedOutsideWindow])
        // A check dated after its receipt (the clock moved forward) is rejected the same way.
        #expect(throws: ClearingHouse.Rejection.outsideDepositWindow) {
            _ = try clearing.clear(purchase, depositedBy: deli.merchantID, at: Dates.at(22))
        }
        // Control: deposited inside the window.
        #expect(try clearing.clear(purchase, depositedBy: deli.merchantID, at: Dates.at(30)).amount.minorUnits == 55)
    }

    @Test func clearingVerifiesAsOfTheTransactionDate() throws {
        let world = World()
        let deli = try world.terminal(0)
        let credential = try world.deliCredential()
        let wallet = try world.wallet([credential])
        let purchase = try buy(from: deli, with: wallet)
        // A merchant that changes the offer's date after the fact breaks the binding.
        var late = purchase
        late.offer.time = Dates.at(25)
        let clearing = try world.clearing([deli])
        #expect(throws: ClearingHouse.Rejection.malformed) { _ = try clearing.clear(late, depositedBy: deli.merchantID, at: Dates.at(26)) }
        // Cleared after the credential expired, the check is still good: it is judged as of its date.
        #expect(try clearing.clear(purchase, depositedBy: deli.merchantID, at: Dates.at(1, month: 11)).amount.minorUnits == 55)
    }

    @Test func fraudFlagShrinksThePayersNextCredential() throws {
        let world = World()
        let strategy = try SampleStrategy.parsed()
        let pa = ProvisioningAgent(key: Keys.pa, strategy: strategy)
        let terminals = try (0..<2).map { try world.terminal($0, name: "VENDING \($0)") }
        // Two machines 1,000 km apart.
        let clearing = try world.clearing(terminals, locations: [
            .init(latitudeMicrodegrees: 40_000_000, longitudeMicrodegrees: -74_000_000),
            .init(latitudeMicrodegrees: 41_000_000, longitudeMicrodegrees: -86_000_000),
        ])
        let payer = Keys.payer.publicKey
        let first = try pa.issue(class: "standard", standing: try clearing.standing(ofPayer: payer.fingerprint), to: payer, at: Dates.at(23, 0))
        #expect(first.map(\.terms.perPurchaseLimit) == [500])
        let wallet = try world.wallet(first)
        let here = try buy(at: Dates.at(23, 10), from: terminals[0], with: wallet)
        let there = try buy(at: Dates.at(23, 10).adding(seconds: 600), from: terminals[1], with: wallet)
        _ = try clearing.clear(here, depositedBy: terminals[0].merchantID, at: Dates.at(24))
        _ = try clearing.clear(there, depositedBy: terminals[1].merchantID, at: Dates.at(24))
        #expect(try clearing.store.flags(subject: payer.fingerprint).map(\.rule) == [.impossibleTravel])
        #expect(try clearing.standing(ofPayer: payer.fingerprint) == .watch)
        let next = try pa.issue(class: "standard", standing: try clearing.standing(ofPayer: payer.fingerprint), to: payer, at: Dates.at(24, 0))
        #expect(next.map(\.terms.perPurchaseLimit) == [250])
        #expect(next.map(\.terms.totalPerMerchantPerDay) == [500])
        #expect(try pa.issue(class: "standard", standing: .suspended, to: payer, at: Dates.at(24, 0)).isEmpty)
        // Control: another payer with purchases at one machine keeps a good standing and full credentials.
        #expect(try clearing.standing(ofPayer: Keys.otherPayer.publicKey.fingerprint) == .good)
    }

    @Test func merchantThatUnderstatesHistoryIsFlagged() throws {
        let world = World()
        let deli = try world.terminal(0)
        let wallet = try world.wallet([world.deliCredential { $0.purchasesPerMerchantPerDay = 1 }])
        let first = try buy(at: Dates.at(23, 9), from: deli, with: wallet)
        // The merchant offers again pretending the payer has not bought today.
        let offer = try Offer(merchantName: deli.name, merchantID: deli.merchantID, merchantPrincipal: deli.key.encoded(.base64),
                              product: "CelRay Soda", productCategory: "drink", price: usd("0.55"), time: Dates.at(23, 10),
                              appDomain: "deli", nonce: Offer.freshNonce(), history: .none)
        let second = try deli.accept(wallet.pay(offer), for: offer)
        let clearing = try world.clearing([deli])
        _ = try clearing.clear(first, depositedBy: deli.merchantID, at: Dates.at(24))
        _ = try clearing.clear(second, depositedBy: deli.merchantID, at: Dates.at(24))
        #expect(try clearing.store.flags(subject: deli.merchantID).map(\.rule) == [.historyUnderstated])
    }
}

/// Clearing's fraud rules and a PA key rotated with overlap.
@Suite struct ClearingRuleTests {
    @Test func tooManyPurchasesAtOneMachineFlagsPayerAndMerchant() throws {
        let world = World()
        let machine = try world.terminal(0, name: "VENDING 0")
        let wallet = try world.wallet([world.deliCredential()])
        var rules = ClearingRules.standard
        rules.purchasesPerMerchantPerDay = 2
        let clearing = try world.clearing([machine], rules: rules)
        for minute in 0..<3 {
            let purchase = try buy(at: Dates.october23.adding(seconds: Int64(minute) * 60), from: machine, with: wallet)
            _ = try clearing.clear(purchase, depositedBy: machine.merchantID, at: Dates.at(24))
            let expected: [FraudFlag.Rule] = minute < 2 ? [] : [.tooManyPurchasesAtMerchant]
            #expect(try clearing.store.flags(subject: Keys.payer.publicKey.fingerprint).map(\.rule) == expected)
        }
        #expect(try clearing.store.flags(subject: machine.merchantID).map(\.rule) == [.tooManyPurchasesAtMerchant])
    }

    @Test func checkDatedOutsideItsCredentialIsRejectedAndFlagged() throws {
        let world = World()
        let deli = try world.terminal(0)
        let credential = try world.deliCredential()
        // The merchant (with the payer's help) deposits a check dated after the credential expired.
        let offer = try deli.offer(product: "CelRay Soda", category: "drink", price: usd("0.55"), to: Keys.payer.publicKey, at: Dates.at(25))
        let sent = try submission(for: offer, credentials: [credential])
        let forged = AcceptedPurchase(offer: offer, payer: Keys.payer.publicKey, microcheck: sent.microcheck,
                                      credentials: sent.credentials, microcheckID: try Microcheck(text: sent.microcheck).id)
        let clearing = try world.clearing([deli])
        #expect(throws: ClearingHouse.Rejection.notAuthorized) { _ = try clearing.clear(forged, depositedBy: deli.merchantID, at: Dates.at(26)) }
        #expect(try clearing.store.flags(subject: deli.merchantID).map(\.rule) == [.datedOutsideWindow])
        #expect(try clearing.statement(payer: Keys.payer.publicKey.fingerprint).entries.isEmpty)
    }

    @Test func paKeyRotatesWithOverlap() throws {
        let world = World()
        let old = try world.deliCredential(by: Keys.pa)
        let new = try world.deliCredential(by: Keys.otherPA)
        let overlapping = try world.terminal(0, policy: world.policy(trusting: [Keys.pa.publicKey, Keys.otherPA.publicKey]))
        #expect(try decide(overlapping, credentials: [old]) == nil)
        #expect(try decide(overlapping, credentials: [new]) == nil)
        let rotated = try world.terminal(1, policy: world.policy(trusting: [Keys.otherPA.publicKey]))
        #expect(try decide(rotated, credentials: [old]) == .unknownIssuer)
        #expect(try decide(rotated, credentials: [new]) == nil)
    }
}
