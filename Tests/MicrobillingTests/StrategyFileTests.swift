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
