/// Why a purchase was refused, as far as the merchant can tell.
///
/// The decision is always the compliance checker's; a reason is a diagnosis
/// made afterwards and never turns a refusal into an acceptance or back.
public enum RefusalReason: String, Sendable, Hashable, CaseIterable {
    /// The submission could not be read (size, syntax, missing parts).
    case malformed
    /// The microcheck is payable to another merchant.
    case wrongMerchant
    /// The microcheck is not the one for this offer.
    case bindingMismatch
    /// This offer's nonce, or this very microcheck, was already paid.
    case replayedNonce
    /// A credential or the microcheck has a bad signature.
    case badSignature
    /// No presented credential leads to a PA key the merchant trusts.
    case unknownIssuer
    /// The credential is for another application domain.
    case wrongDomain
    /// The credential is for another currency.
    case wrongCurrency
    /// The credential's validity ended before the offer.
    case expired
    /// The credential's validity starts after the offer.
    case notYetValid
    /// The amount is above the per-purchase limit.
    case overLimit
    /// The purchases-per-merchant-per-day bound is reached.
    case countExceeded
    /// The total-per-merchant-per-day bound would be passed.
    case totalExceeded
    /// The last purchase at this merchant was too recent.
    case tooSoon
    /// The product's category is not allowed by the credential.
    case categoryNotAllowed
    /// The category needs a credential from another authority that was not presented.
    case attributeCredentialMissing
    /// The checker refused and no single term explains it.
    case notAuthorized

    /// Whether an online escalation could still authorize the purchase: the
    /// payer is known and trusted, only an offline bound stands in the way.
    public var escalationPossible: Bool {
        switch self {
        case .overLimit, .countExceeded, .totalExceeded, .tooSoon, .expired, .notYetValid: return true
        default: return false
        }
    }
}

/// A refused purchase: the reason and a sentence for logs and the payer's screen.
public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The diagnosed reason.
    public var reason: RefusalReason
    /// Details for a person.
    public var detail: String

    /// Creates a refusal.
    public init(_ reason: RefusalReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// Whether an online escalation could still authorize the purchase.
    public var escalationPossible: Bool { reason.escalationPossible }

    public var description: String { "\(reason.rawValue): \(detail)" }
}
