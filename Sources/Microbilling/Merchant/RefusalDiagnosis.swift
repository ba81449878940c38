import KeyNote
import MicrocheckCrypto

/// Explains a refusal of the compliance checker. Runs only after the
/// checker said no, and can only choose the reason given.
enum RefusalDiagnosis {
    static func diagnose(outcome: PurchaseCheck.Outcome, microcheck: Microcheck, credentials: [SignedCredential],
                         offer: Offer, policy: MerchantPolicy) -> Refusal {
        if outcome.diagnostics.contains(where: { $0.kind == .signature }) {
            return Refusal(.badSignature, outcome.diagnostics.map(\.description).joined(separator: "; "))
        }
        let trusted = Set(policy.trustedIssuers)
        let delegates = Set(credentials.filter { $0.terms.kind == .delegation && trusted.contains($0.issuer) }.map(\.subject))
        let payerCredentials = credentials.filter {
            ($0.terms.kind == .payer || $0.terms.kind == .escalation) && $0.subject == microcheck.payer
        }
        let reachable = payerCredentials.filter { trusted.contains($0.issuer) || delegates.contains($0.issuer) }
        guard !reachable.isEmpty else {
            return Refusal(.unknownIssuer, "no presented credential for this payer is issued by a trusted PA")
        }
        var reasons: [(RefusalReason, String)] = []
        for credential in reachable {
            if let reason = TermsDiagnosis.firstViolation(of: credential.terms, by: offer) {
                reasons.append((reason, "credential \(credential.terms.serial)"))
            }
        }
        for delegation in credentials where delegation.terms.kind == .delegation && trusted.contains(delegation.issuer) {
            if let reason = TermsDiagnosis.firstViolation(of: delegation.terms, by: offer) {
                reasons.append((reason, "delegation \(delegation.terms.serial)"))
            }
        }
        if let gate = policy.gatedCategories.first(where: { $0.category == offer.productCategory }) {
            let vouched = Set(credentials.filter { $0.terms.kind == .attribute && $0.subject == microcheck.payer }.map(\.issuer))
            if let missing = gate.authorities.first(where: { !vouched.contains($0) }) {
                return Refusal(.attributeCredentialMissing, "\(offer.productCategory) needs a credential from \(missing)")
            }
        }
        // Every usable credential fails: report a bound of a credential still
        // in its validity before an expiry, and one that escalation could fix
        // before one it could not.
        let timing: Set<RefusalReason> = [.expired, .notYetValid]
        let ranked = reasons.filter { $0.0.escalationPossible && !timing.contains($0.0) }
            + reasons.filter { timing.contains($0.0) } + reasons.filter { !$0.0.escalationPossible }
        if reasons.count >= reachable.count, let first = ranked.first {
            return Refusal(first.0, first.1)
        }
        return Refusal(.notAuthorized, "the compliance checker refused")
    }
}
