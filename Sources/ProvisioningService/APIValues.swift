import Microbilling
import MicrocheckCrypto
import ProvisioningAPI

/// Conversions between the API's generated schemas and domain values; every
/// field from a peer is checked by the domain initializers.
enum APIValues {
    static func credential(_ credential: SignedCredential) -> Components.Schemas.IssuedCredential {
        .init(id: credential.id, serial: credential.terms.serial, notAfter: credential.terms.notAfter.stamp, text: credential.text)
    }

    static func grant(_ grant: CredentialGrant) -> Components.Schemas.CredentialGrant {
        let standing: Components.Schemas.CredentialGrant.standingPayload = switch grant.standing {
        case .good: .good
        case .watch: .watch
        case .suspended: .suspended
        }
        return .init(payer: grant.payer.key.fingerprint, payerClass: grant.payer.payerClass, standing: standing,
                     standingSource: grant.standingSource == .clearing ? .clearing : .fallback,
                     credentials: grant.credentials.map(credential), issuers: grant.issuers.map { $0.encoded(.base64) })
    }

    static func merchantBundle(_ bundle: MerchantPolicyBundle) -> Components.Schemas.MerchantPolicyBundle {
        .init(bundle: bundle.text, signer: bundle.signer.encoded(.base64), appDomain: bundle.appDomain,
              trustedKeys: bundle.trustedKeys.map { .init(key: $0.key.encoded(.base64), retiresAt: $0.retiresAt?.stamp) })
    }

    /// The escalation request in the body.
    ///
    /// - Throws: ``ProvisioningError`` with code `malformed` naming the field.
    static func escalationRequest(_ body: Components.Schemas.EscalationRequest) throws(ProvisioningError) -> EscalationRequest {
        let offer = body.offer
        guard body.microcheck.utf8.count <= Microcheck.maximumSize else {
            throw ProvisioningError(.malformed, "microcheck: more than \(Microcheck.maximumSize) bytes")
        }
        do {
            let currency = try Currency(code: offer.price.currency, minorDigits: offer.price.minorDigits)
            let history = MerchantHistory(purchasesToday: Int(clamping: offer.history.purchasesToday), spentTodayMinor: offer.history.spentTodayMinor,
                                          secondsSinceLast: offer.history.secondsSinceLast)
            let domainOffer = try Offer(merchantName: offer.merchantName, merchantID: offer.merchantID, merchantPrincipal: offer.merchantPrincipal,
                                        product: offer.product, productCategory: offer.productCategory,
                                        price: Money(minorUnits: offer.price.minorUnits, currency: currency),
                                        time: UTCTime(stamp: offer.time), appDomain: offer.appDomain, nonce: offer.nonce, history: history)
            return EscalationRequest(offer: domainOffer, microcheck: body.microcheck)
        } catch {
            throw ProvisioningError(.malformed, "offer: \(error.reason)")
        }
    }

    /// The API form of an offer (for clients).
    static func offer(_ offer: Offer) -> Components.Schemas.Offer {
        .init(merchantName: offer.merchantName, merchantID: offer.merchantID, merchantPrincipal: offer.merchantPrincipal, product: offer.product,
              productCategory: offer.productCategory,
              price: .init(currency: offer.price.currency.code, minorDigits: offer.price.currency.minorDigits, minorUnits: offer.price.minorUnits),
              time: offer.time.stamp, appDomain: offer.appDomain, nonce: offer.nonce,
              history: .init(purchasesToday: Int64(offer.history.purchasesToday), spentTodayMinor: offer.history.spentTodayMinor,
                             secondsSinceLast: offer.history.secondsSinceLast))
    }

    /// The fingerprint of a payer named by its principal or its fingerprint.
    static func fingerprint(of payer: String) throws(ProvisioningError) -> String {
        if payer.utf8.count == 32, payer.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            return payer
        }
        guard payer.utf8.count <= 4096, let key = try? KeyNoteKey.parse(payer) else {
            throw ProvisioningError(.malformed, "payer: neither a KeyNote public key nor a 32-digit lowercase hex fingerprint")
        }
        return key.fingerprint
    }

    /// The Problem code of an escalation refusal.
    static func code(of reason: EscalationRefusal.Reason) -> String {
        switch reason {
        case .badRequest: return "bad-request"
        case .standing: return "standing"
        case .notOffered: return "not-offered"
        case .overLimit: return "over-limit"
        case .stale: return "stale"
        }
    }
}
