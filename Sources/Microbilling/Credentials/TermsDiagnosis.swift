/// Which of a credential's terms an offer fails, if any. Used to explain a
/// refusal, never to make one.
public enum TermsDiagnosis {
    /// The first failing term of `terms` for `offer`, in the order a payer
    /// would want to hear them; nil when every term holds.
    public static func firstViolation(of terms: CredentialTerms, by offer: Offer) -> RefusalReason? {
        if terms.appDomain != offer.appDomain { return .wrongDomain }
        if let currency = terms.currency, currency != offer.price.currency { return .wrongCurrency }
        if offer.time >= terms.notAfter { return .expired }
        if offer.time < terms.notBefore { return .notYetValid }
        if let allowed = terms.allowedCategories, !allowed.contains(offer.productCategory) { return .categoryNotAllowed }
        if terms.forbiddenCategories.contains(offer.productCategory) { return .categoryNotAllowed }
        if let nonce = terms.nonce, nonce != offer.nonce { return .bindingMismatch }
        if let amount = terms.exactAmount, amount != offer.price.minorUnits { return .bindingMismatch }
        if let limit = terms.perPurchaseLimit, offer.price.minorUnits > limit { return .overLimit }
        if let count = terms.purchasesPerMerchantPerDay, offer.history.purchasesToday >= count { return .countExceeded }
        if let total = terms.totalPerMerchantPerDay, offer.history.spentTodayMinor + offer.price.minorUnits > total { return .totalExceeded }
        if let interval = terms.minimumInterval, offer.history.secondsSinceLast < interval { return .tooSoon }
        return nil
    }
}
