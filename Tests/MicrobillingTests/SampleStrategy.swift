import Microbilling

/// The sample issuing plan of the tests.
enum SampleStrategy {
    static let text = """
        app_domain: deli
        currency: {code: USD, minor_digits: 2}
        standing:
          watch: {limit_percent: 50, escalation: false}
          suspended: {issue: false}
        classes:
          standard:
            escalation_limit: "20.00"
            credentials:
              - name: daily
                limit: "5.00"
                validity_hours: 24
                purchases_per_merchant_per_day: 3
                total_per_merchant_per_day: "10.00"
                forbidden_categories: [adult]
          newspapers:
            credentials:
              - name: papers
                limit: "1.50"
                validity_hours: 72
                purchases_per_merchant_per_day: 2
                allowed_categories: [newspaper]
          food-benefit:
            credentials:
              - name: stamps
                limit: "20.00"
                validity_hours: 48
                min_interval_seconds: 3600
                purchases_per_merchant_per_day: 4
                allowed_categories: [food]
                fund: food-benefit
        """

    static func parsed() throws -> RiskStrategy { try RiskStrategyFile.parse(text) }
}
