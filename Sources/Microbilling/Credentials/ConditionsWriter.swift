import KeyNote

/// Writes a credential's terms as KeyNote conditions that a missing or
/// malformed attribute cannot satisfy.
///
/// Every numeric test is guarded (`GuardedCondition`): the attribute must be
/// a plain decimal of at most nine digits before `@` reads it, because the
/// reference reads anything else as 0. Moments are compared as fixed-width
/// stamps after a pattern test; categories after a word test. Only RFC 2704
/// syntax is used, so the reference `keynote(1)` gives the same answers.
public enum ConditionsWriter {
    /// The pattern a `timestamp` attribute must match.
    public static let stampPattern = "^[0-9]{8}T[0-9]{6}$"
    /// The pattern a `product_category` attribute must match.
    public static let categoryPattern = "^[a-z0-9][a-z0-9._-]{0,31}$"

    /// The conjunction of the tests for `terms`, one test per element.
    public static func tests(for terms: CredentialTerms) throws(MicrobillingError) -> [String] {
        try terms.validate()
        var tests = ["\(OfferAttribute.appDomain) == \"\(terms.appDomain)\""]
        if let currency = terms.currency {
            tests.append("\(OfferAttribute.currency) == \"\(currency.code)\"")
        }
        if let limit = terms.perPurchaseLimit {
            tests.append(try guarded(OfferAttribute.amountMinor, .lessOrEqual, limit))
        }
        if let amount = terms.exactAmount {
            tests.append(try guarded(OfferAttribute.amountMinor, .equal, amount))
        }
        if let nonce = terms.nonce {
            tests.append("\(OfferAttribute.nonce) == \"\(nonce)\"")
        }
        tests.append("\(OfferAttribute.timestamp) ~= \"\(stampPattern)\"")
        tests.append("\(OfferAttribute.timestamp) >= \"\(terms.notBefore.stamp)\"")
        tests.append("\(OfferAttribute.timestamp) < \"\(terms.notAfter.stamp)\"")
        if terms.allowedCategories != nil || !terms.forbiddenCategories.isEmpty {
            tests.append("\(OfferAttribute.productCategory) ~= \"\(categoryPattern)\"")
        }
        if let allowed = terms.allowedCategories {
            let alternatives = allowed.map { "\(OfferAttribute.productCategory) == \"\($0)\"" }
            tests.append(alternatives.isEmpty ? "false" : alternatives.count == 1 ? alternatives[0] : "(\(alternatives.joined(separator: " || ")))")
        }
        for category in terms.forbiddenCategories {
            tests.append("\(OfferAttribute.productCategory) != \"\(category)\"")
        }
        if let count = terms.purchasesPerMerchantPerDay {
            tests.append(try guarded(OfferAttribute.purchasesToday, .less, Int64(count)))
        }
        if let total = terms.totalPerMerchantPerDay {
            // Both operands are guarded to nine digits, so the sum stays below 2^31.
            tests.append("\(OfferAttribute.spentTodayMinor) ~= \"\(GuardedCondition.integerPattern)\"")
            tests.append("\(OfferAttribute.amountMinor) ~= \"\(GuardedCondition.integerPattern)\"")
            tests.append("@\(OfferAttribute.spentTodayMinor) + @\(OfferAttribute.amountMinor) <= \(total)")
        }
        if let interval = terms.minimumInterval {
            tests.append(try guarded(OfferAttribute.secondsSinceLast, .greaterOrEqual, interval))
        }
        return tests
    }

    /// The Conditions field value: the tests joined by `&&` over indented
    /// continuation lines, then `-> "true";`.
    public static func conditions(for terms: CredentialTerms) throws(MicrobillingError) -> String {
        let tests = try tests(for: terms)
        return tests.joined(separator: " &&\n    ") + " -> \"true\";"
    }

    private static func guarded(_ attribute: String, _ comparison: GuardedCondition.Comparison, _ value: Int64) throws(MicrobillingError) -> String {
        guard let small = Int32(exactly: value) else {
            throw MicrobillingError(.invalidValue, "\(value) does not fit a KeyNote integer")
        }
        do {
            return try GuardedCondition.integer(attribute, comparison, small)
        } catch {
            throw MicrobillingError(.invalidValue, "cannot guard \(attribute): \(error)")
        }
    }
}
