import Foundation
import KeyNote
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto
import Testing

@Suite struct ValueTests {
    @Test func moneyIsExactMinorUnits() throws {
        #expect(try usd("0.55").minorUnits == 55)
        #expect(try usd("12").minorUnits == 1200)
        #expect(try usd("1.5").decimalText == "1.50")
        for bad in ["", "-1", "1e9", "0x10", " 1", "1.555", "1.", ".5", "10000000.00"] {
            #expect(throws: MicrobillingError.self, "\(bad)") { try usd(bad) }
        }
        #expect(try usd("9999999.99").minorUnits == Money.maximumMinorUnits)
        #expect(try usd("9999999.99").decimalText == "9999999.99")
        #expect(try usd("0").decimalText == "0.00" && usd("0.05").decimalText == "0.05")
        #expect(try Money(minorUnits: 1234, currency: Currency(code: "JPY", minorDigits: 0)).decimalText == "1234")
        #expect(try Money(minorUnits: 5, currency: Currency(code: "BHD4", minorDigits: 4)).decimalText == "0.0005")
    }

    @Test func utcStampsRoundTripAndOrder() throws {
        let time = try UTCTime(year: 2000, month: 2, day: 29, hour: 23, minute: 59, second: 58)
        #expect(time.stamp == "20000229T235958" && time.dateText == "20000229")
        #expect(try UTCTime(stamp: time.stamp) == time)
        #expect(time.adding(seconds: 2).stamp == "20000301T000000")
        #expect(UTCTime(secondsSince1970: 0).stamp == "19700101T000000")
        // Years before 1000 (which offers refuse) are still written with four digits.
        #expect(UTCTime(secondsSince1970: -30_636_384_833).stamp == "09990304T050607")
        #expect(throws: MicrobillingError.self) { try UTCTime(year: 2001, month: 2, day: 29) }
        #expect(throws: MicrobillingError.self) { try UTCTime(stamp: "20000229 235958") }
    }

    @Test func credentialsWithRSAKeysStayInsideTheReferenceLanguage() throws {
        let pa = ProvisioningAgent(key: Keys.pa, strategy: try SampleStrategy.parsed())
        let credentials = try ["standard", "newspapers", "food-benefit"].flatMap {
            try pa.issue(class: $0, standing: .good, to: Keys.payer.publicKey, at: Dates.october23)
        }
        let offer = try Offer(merchantName: "LEE'S DELI", merchantID: "M-0", merchantPrincipal: Keys.merchants[0].publicKey.encoded(.base64),
                              product: "CelRay Soda", productCategory: "drink", price: usd("0.55"), time: Dates.october23,
                              appDomain: "deli", nonce: Offer.freshNonce(), history: .none)
        let texts = credentials.map(\.text) + [try Microcheck.write(for: offer, by: Keys.payer).text]
        for text in texts {
            // Only the reference's key and signature algorithms, and signatures it can check.
            #expect(text.contains("\"rsa-base64:") && text.contains("\"sig-rsa-sha1-base64:") && !text.contains("ed25519"))
            #expect(try AssertionSigning.verify(Array(text.utf8)))
        }
        // An Ed25519 payer uses the documented extension.
        let edwards = try KeyNotePrivateKey.generate(.ed25519, bits: 256)
        #expect(try Microcheck.write(for: offer, by: edwards).text.contains("sig-ed25519-base64:"))
    }

    @Test func aSiblingOfferKeepsTheMerchantAndChecksThePurchaseFields() throws {
        let offer = try Offer(merchantName: "LEE'S DELI", merchantID: "M-0", merchantPrincipal: Keys.merchants[0].publicKey.encoded(.base64),
                              product: "CelRay Soda", productCategory: "drink", price: usd("0.55"), time: Dates.october23,
                              appDomain: "deli", nonce: Offer.freshNonce(), history: .none)
        let nonce = try Offer.freshNonce()
        let next = try offer.sibling(product: "Pastrami", productCategory: "food", price: usd("1.51"), time: Dates.october23.adding(seconds: 60),
                                     nonce: nonce, history: .none)
        #expect(next == (try Offer(merchantName: "LEE'S DELI", merchantID: "M-0", merchantPrincipal: offer.merchantPrincipal,
                                   product: "Pastrami", productCategory: "food", price: usd("1.51"), time: Dates.october23.adding(seconds: 60),
                                   appDomain: "deli", nonce: nonce, history: .none)))
        for (product, category, time, badNonce) in [("Pastrami\"", "food", Dates.october23, nonce), ("Pastrami", "Food", Dates.october23, nonce),
                                                    ("Pastrami", "food", UTCTime(secondsSince1970: -1), nonce),
                                                    ("Pastrami", "food", Dates.october23, String(nonce.dropLast()))] {
            #expect(throws: MicrobillingError.self) {
                try offer.sibling(product: product, productCategory: category, price: usd("1.51"), time: time, nonce: badNonce, history: .none)
            }
        }
    }

    @Test func keyFilesAreWrittenOwnerOnly() throws {
        let folder = TemporaryFolder()
        let path = folder.file("payer.key")
        try KeyFile.write(Keys.payer, to: path)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(try KeyFile.read(from: path).publicKey == Keys.payer.publicKey)
        chmod(path, 0o644)
        #expect(throws: MicrobillingError.self) { try KeyFile.read(from: path) }
    }

    @Test func spendingPolicyApprovesWithoutAPrompt() throws {
        let world = World()
        let deli = try world.terminal(0)
        let policy = try SpendingPolicy(conditions: "product_category == \"drink\" && amount_minor ~= \"^(0|[1-9][0-9]{0,8})$\" && @amount_minor <= 100")
        let wallet = try world.wallet([world.deliCredential()], approval: .policy(policy))
        _ = try buy(from: deli, with: wallet)
        #expect(throws: MicrobillingError.self) { _ = try buy("Chips", category: "food", price: "0.80", from: deli, with: wallet) }
        #expect(throws: MicrobillingError.self) { _ = try buy(price: "1.20", from: deli, with: wallet) }
        #expect(throws: MicrobillingError.self) { _ = try SpendingPolicy(conditions: "amount_minor <= ") }
    }

    @Test func statementReconcilesWithThePayersRecords() throws {
        let world = World()
        let deli = try world.terminal(0)
        let wallet = try world.wallet([world.deliCredential()])
        let first = try buy(from: deli, with: wallet)
        let second = try buy(at: Dates.october23.adding(seconds: 60), from: deli, with: wallet)
        let clearing = try world.clearing([deli])
        _ = try clearing.clear(first, depositedBy: deli.merchantID, at: Dates.at(24))
        let statement = try clearing.statement(payer: Keys.payer.publicKey.fingerprint)
        let (unposted, unknown) = statement.reconcile(with: try wallet.records.records())
        #expect(unposted.count == 1 && unknown.isEmpty)
        // Only a dispensed purchase goes to deposit; a voided one never does.
        #expect(try deli.journal.unsettled().map(\.microcheckID) == [first.microcheckID, second.microcheckID])
        #expect(try deli.journal.pendingDeposits(limit: 10).isEmpty)
        try deli.journal.settle(microcheckID: first.microcheckID, as: .dispensed)
        try deli.journal.settle(microcheckID: second.microcheckID, as: .voided)
        #expect(try deli.journal.unsettled().isEmpty)
        #expect(try deli.journal.pendingDeposits(limit: 10).map(\.microcheckID) == [first.microcheckID])
    }
}
