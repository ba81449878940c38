import KeyNote
import MicrocheckCrypto

/// An online escalation request (paper, section 3.3): the offer and the
/// payer's microcheck for it. The microcheck is the payer's signature on the
/// request; the payer or the merchant may carry it to the PA.
public struct EscalationRequest: Sendable, Hashable {
    /// The offer over the offline limits.
    public var offer: Offer
    /// The payer's microcheck for that offer.
    public var microcheck: String

    /// Creates a request.
    public init(offer: Offer, microcheck: String) {
        self.offer = offer
        self.microcheck = microcheck
    }

    /// The payer's key when the microcheck is bound to the offer and its
    /// signature verifies; nil otherwise.
    public func verifiedPayer() -> KeyNoteKey? {
        guard let check = try? Microcheck(text: microcheck), check.isBound(to: offer),
              (try? AssertionSigning.verify(Array(microcheck.utf8))) == true else { return nil }
        return check.payer
    }
}

/// Why a PA refused an escalation.
public struct EscalationRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal.
    public enum Reason: String, Sendable, Hashable {
        /// The request is not a valid microcheck of the payer for the offer.
        case badRequest
        /// The payer's standing does not allow escalation.
        case standing
        /// The class, domain or currency has no escalation.
        case notOffered
        /// The amount is above the class's escalation limit.
        case overLimit
        /// The offer is too old or in the future.
        case stale
    }

    /// The kind of refusal.
    public var reason: Reason
    /// Details for a person.
    public var detail: String

    /// Creates a refusal.
    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue): \(detail)" }
}
