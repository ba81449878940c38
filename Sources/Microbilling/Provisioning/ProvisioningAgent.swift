import KeyNote
import MicrocheckCrypto

/// The Provisioning Agent (paper, section 3.2): turns a payer's class and
/// standing into short-lived payer credentials signed by the PA's key,
/// delegates to regional PAs, and answers online escalations.
public struct ProvisioningAgent: Sendable {
    /// The PA's key.
    public let key: KeyNotePrivateKey
    /// The PA's risk strategy.
    public let strategy: RiskStrategy
    /// How long an escalation credential is valid after the offer, in seconds.
    public static let escalationValidity: Int64 = 600

    /// Creates a PA.
    public init(key: KeyNotePrivateKey, strategy: RiskStrategy) {
        self.key = key
        self.strategy = strategy
    }

    /// The terms of every credential `payerClass` gets at `time` with `standing`;
    /// empty when the standing stops issuing.
    public func plan(class payerClass: String, standing: PayerStanding, for payer: KeyNoteKey,
                     at time: UTCTime) throws(MicrobillingError) -> [CredentialTerms] {
        guard let plans = strategy.classes[payerClass] else {
            throw MicrobillingError(.invalidValue, "no payer class \"\(payerClass)\" in the strategy")
        }
        let rule = strategy.rule(for: standing)
        guard rule.issue else { return [] }
        return plans.credentials.map { plan in
            var terms = CredentialTerms(kind: .payer, serial: "\(plan.name)-\(time.stamp)-\(payer.fingerprint.prefix(12))",
                                        appDomain: strategy.appDomain, notBefore: time,
                                        notAfter: time.adding(seconds: plan.validity))
            terms.payerClass = payerClass
            terms.fund = plan.fund
            terms.currency = strategy.currency
            terms.perPurchaseLimit = plan.perPurchaseLimit * Int64(rule.limitPercent) / 100
            terms.totalPerMerchantPerDay = plan.totalPerMerchantPerDay.map { $0 * Int64(rule.limitPercent) / 100 }
            terms.purchasesPerMerchantPerDay = plan.purchasesPerMerchantPerDay
            terms.minimumInterval = plan.minimumInterval
            terms.allowedCategories = plan.allowedCategories
            terms.forbiddenCategories = plan.forbiddenCategories
            return terms
        }
    }

    /// Issues the payer credentials of `payerClass` for `payer` at `time`.
    public func issue(class payerClass: String, standing: PayerStanding, to payer: KeyNoteKey,
                      at time: UTCTime) throws(MicrobillingError) -> [SignedCredential] {
        var issued: [SignedCredential] = []
        for terms in try plan(class: payerClass, standing: standing, for: payer, at: time) {
            issued.append(try SignedCredential.issue(terms: terms, by: key, to: payer))
        }
        return issued
    }

    /// The delegations of the strategy's regional PAs, valid from `time`.
    public func delegations(at time: UTCTime) throws(MicrobillingError) -> [SignedCredential] {
        var issued: [SignedCredential] = []
        for regional in strategy.regionalPAs {
            var terms = CredentialTerms(kind: .delegation, serial: "region-\(regional.name)-\(time.stamp)", appDomain: strategy.appDomain,
                                        notBefore: time, notAfter: time.adding(seconds: regional.validity))
            terms.currency = strategy.currency
            terms.perPurchaseLimit = regional.perPurchaseLimit
            issued.append(try delegate(to: regional.key, terms: terms))
        }
        return issued
    }

    /// Delegates issuing to a regional PA: its payer credentials count only
    /// within `terms` (domain, currency, limit, validity).
    public func delegate(to regional: KeyNoteKey, terms: CredentialTerms) throws(MicrobillingError) -> SignedCredential {
        guard terms.kind == .delegation else {
            throw MicrobillingError(.invalidValue, "a delegation needs delegation terms, not \(terms.kind)")
        }
        return try SignedCredential.issue(terms: terms, by: key, to: regional)
    }

    /// Answers an online escalation for one offer.
    ///
    /// - Returns: a credential bound to the offer's nonce and amount, valid
    ///   for ``escalationValidity`` seconds after the offer.
    /// - Throws: ``EscalationRefusal`` when the request is not the payer's,
    ///   the payer's standing or class does not allow it, or the amount is
    ///   above the class's escalation limit.
    public func escalate(_ request: EscalationRequest, class payerClass: String, standing: PayerStanding,
                         at time: UTCTime) throws(EscalationRefusal) -> SignedCredential {
        let offer = request.offer
        guard let payer = request.verifiedPayer() else {
            throw EscalationRefusal(.badRequest, "the request is not a microcheck for this offer signed by the payer")
        }
        guard strategy.rule(for: standing).escalation, strategy.rule(for: standing).issue else {
            throw EscalationRefusal(.standing, "payer standing \(standing.rawValue) does not allow escalation")
        }
        guard let limit = strategy.classes[payerClass]?.escalationLimit else {
            throw EscalationRefusal(.notOffered, "class \(payerClass) has no online escalation")
        }
        guard offer.price.currency == strategy.currency, offer.appDomain == strategy.appDomain else {
            throw EscalationRefusal(.notOffered, "the offer is outside this PA's domain or currency")
        }
        guard offer.price.minorUnits <= limit else {
            throw EscalationRefusal(.overLimit, "\(offer.price) is above the escalation limit")
        }
        guard time.secondsSince1970 - offer.time.secondsSince1970 < Self.escalationValidity, offer.time <= time.adding(seconds: 300) else {
            throw EscalationRefusal(.stale, "the offer's time \(offer.time) is too far from now \(time)")
        }
        var terms = CredentialTerms(kind: .escalation, serial: "esc-\(offer.nonce.prefix(16))", appDomain: offer.appDomain,
                                    notBefore: offer.time, notAfter: offer.time.adding(seconds: Self.escalationValidity))
        terms.payerClass = payerClass
        terms.currency = offer.price.currency
        terms.nonce = offer.nonce
        terms.exactAmount = offer.price.minorUnits
        do {
            return try SignedCredential.issue(terms: terms, by: key, to: payer)
        } catch {
            throw EscalationRefusal(.notOffered, "cannot issue: \(error.reason)")
        }
    }
}
