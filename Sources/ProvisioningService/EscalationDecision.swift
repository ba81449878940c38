import Microbilling

/// The answer to an online escalation: a transaction-specific credential, or
/// the PA's refusal with its reason.
public enum EscalationDecision: Sendable, Hashable {
    /// The credential bound to the offer's nonce and amount.
    case issued(SignedCredential)
    /// Why the PA refused.
    case refused(EscalationRefusal)
}
