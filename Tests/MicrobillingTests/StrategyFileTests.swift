import Microbilling
import Testing

@Suite struct StrategyFileTests {
    @Test func sampleStrategyReadsEveryBound() throws {
        let strategy = try SampleStrategy.parsed()
        #expect(strategy.appDomain == "deli" && strategy.currency == .usd)
        let standard = try #require(strategy.classes["standard"])
        #expect(standard.escalationLimit == 2000)
        #expect(standard.credentials.map(\.perPurchaseLimit) == [500])
        #expect(standard.credentials.first?.totalPerMerchantPerDay == 1000)
        #expect(standard.credentials.first?.forbiddenCategories == ["adult"])
        let food = try #require(strategy.classes["food-benefit"]?.credentials.first)
        #expect(food.fund == "food-benefit" && food.allowedCategories == ["food"] && food.minimumInterval == 3600)
        #expect(strategy.rule(for: .watch).limitPercent == 50)
        #expect(strategy.rule(for: .suspended).issue == false)
    }

    /// Each broken file fails with the line and column of the offending node.
    @Test(arguments: [
        ("app_domain: deli\ncurrency: {code: USD, minor_digits: 2}\nclasses:\n  a:\n    credentials:\n      - {name: x, limit: 1.51, validity_hours: 1}\n", 6, 26),
        ("app_domain: deli\ncurrency: {code: USD, minor_digits: 2}\nclasses:\n  a:\n    credentials:\n      - {name: x, limit: \"1.5x\", validity_hours: 1}\n", 6, 26),
        ("app_domain: deli\ncurrency: {code: USD, minor_digits: 2}\nclasses:\n  a:\n    credentials:\n      - {name: x, limit: \"1\", validity_hour: 1}\n", 6, 31),
        ("app_domain: Deli!\ncurrency: {code: USD, minor_digits: 2}\nclasses: {}\n", 1, 13),
        ("app_domain: deli\ncurrency: {code: USD, minor_digits: 2}\nclasses:\n  a: [\n", 5, 1),
        ("app_domain: deli\ncurrency: {code: USD, minor_digits: 9}\nclasses: {}\n", 2, 11),
    ])
    func brokenFilesNameLineAndColumn(text: String, line: Int, column: Int) {
        do {
            _ = try RiskStrategyFile.parse(text)
            Issue.record("parsed a broken file")
        } catch {
            #expect(error.code == .invalidStrategy)
            #expect(error.location == .init(line: line, column: column), "\(error)")
        }
    }

    @Test func controlOfTheBrokenFilesParses() throws {
        let text = "app_domain: deli\ncurrency: {code: USD, minor_digits: 2}\nclasses:\n  a:\n    credentials:\n      - {name: x, limit: \"1.51\", validity_hours: 1}\n"
        #expect(try RiskStrategyFile.parse(text).classes["a"]?.credentials.first?.perPurchaseLimit == 151)
    }
}

@Suite struct LayeredStrategyTests {
    /// A root strategy naming a regional PA and the DMV; the regional PA
    /// issues from its own strategy; a merchant policy built from the root's.
    @Test func regionalPAAndAuthoritiesFromTheFile() throws {
        let root = try RiskStrategyFile.parse(SampleStrategy.text + """

            regional_pas:
              - {name: west, key: "\(Keys.regionalPA.publicKey.encoded(.base64))", limit: "2.00", validity_hours: 720}
            authorities:
              - {name: dmv, key: "\(Keys.dmv.publicKey.encoded(.base64))", attribute: driver-licence, categories: [car-rental]}
            """)
        #expect(root.regionalPAs.map(\.perPurchaseLimit) == [200])
        let delegations = try ProvisioningAgent(key: Keys.pa, strategy: root).delegations(at: Dates.october20)
        let regional = try ProvisioningAgent(key: Keys.regionalPA, strategy: SampleStrategy.parsed())
            .issue(class: "standard", standing: .good, to: Keys.payer.publicKey, at: Dates.at(23, 0))
        let world = World()
        let policy = try root.merchantPolicy(trusting: [Keys.pa.publicKey, Keys.otherPA.publicKey])
        #expect(policy.gatedCategories.map(\.category) == ["car-rental"])
        let deli = try world.terminal(0, policy: policy)
        #expect(try decide(deli, price: "2.00", credentials: regional + delegations) == nil)
        #expect(try decide(deli, price: "2.01", credentials: regional + delegations) == .overLimit)
        #expect(try decide(deli, price: "2.00", credentials: regional) == .unknownIssuer)
        #expect(try decide(deli, product: "Compact", category: "car-rental", price: "2.00", credentials: regional + delegations) == .attributeCredentialMissing)
    }

    @Test func aKeyThatIsNotAKeyIsLocated() {
        let text = SampleStrategy.text + "\nregional_pas:\n  - {name: west, key: \"west-key\", limit: \"2.00\", validity_hours: 1}\n"
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        do {
            _ = try RiskStrategyFile.parse(text)
            Issue.record("a regional PA without a key was accepted")
        } catch {
            #expect(error.code == .invalidStrategy && error.location?.line == line, "\(error)")
        }
    }
}
