import Microbilling

/// The reason codes of a nack (protocol-spec/wire-protocol.md, "Reason codes").
public enum ReasonCode: UInt8, Sendable, Hashable, CaseIterable {
    case malformed = 1, wrongMerchant, bindingMismatch, replayedNonce, badSignature, unknownIssuer, wrongDomain,
         wrongCurrency, expired, notYetValid, overLimit, countExceeded, totalExceeded, tooSoon, categoryNotAllowed,
         attributeCredentialMissing, notAuthorized
    /// The selection is sold out.
    case soldOut = 32
    /// The merchant's journal cannot take more: no purchases until it is emptied.
    case journalFull = 33
    /// The machine or the merchant's store failed.
    case merchantFault = 34
    /// No selection was made in time.
    case noSelection = 35

    /// The code of a diagnosed refusal.
    public init(_ reason: RefusalReason) {
        switch reason {
        case .malformed: self = .malformed
        case .wrongMerchant: self = .wrongMerchant
        case .bindingMismatch: self = .bindingMismatch
        case .replayedNonce: self = .replayedNonce
        case .badSignature: self = .badSignature
        case .unknownIssuer: self = .unknownIssuer
        case .wrongDomain: self = .wrongDomain
        case .wrongCurrency: self = .wrongCurrency
        case .expired: self = .expired
        case .notYetValid: self = .notYetValid
        case .overLimit: self = .overLimit
        case .countExceeded: self = .countExceeded
        case .totalExceeded: self = .totalExceeded
        case .tooSoon: self = .tooSoon
        case .categoryNotAllowed: self = .categoryNotAllowed
        case .attributeCredentialMissing: self = .attributeCredentialMissing
        case .notAuthorized: self = .notAuthorized
        }
    }

    /// A short text for the payer's screen.
    public var text: String {
        switch self {
        case .soldOut: return "sold out"
        case .journalFull: return "machine full, not selling"
        case .merchantFault: return "machine fault"
        case .noSelection: return "no selection made"
        default:
            return String(describing: self).reduce(into: "") { text, character in
                if character.isUppercase { text += " " + character.lowercased() } else { text.append(character) }
            }
        }
    }
}
