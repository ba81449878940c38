import Microbilling
import MicrocheckCrypto
@testable import ProvisioningService
import ProvisioningAPI

/// An offer at the deli for `minorUnits` cents, made at `time`, and the body
/// of an escalation for it with the payer's microcheck.
func escalationBody(price minorUnits: Int64, signedBy payer: KeyNotePrivateKey,
                    at time: UTCTime = ServiceFixture.now()) throws -> Components.Schemas.EscalationRequest {
    let merchant = try KeyNotePrivateKey.generate(.ed25519, bits: 256)
    let offer = try Offer(merchantName: "LEE'S DELI", merchantID: "lees-deli", merchantPrincipal: merchant.publicKey.encoded(.base64),
                          product: "Catering Tray", productCategory: "food", price: Money(minorUnits: minorUnits, currency: .usd),
                          time: time, appDomain: "deli", nonce: Offer.freshNonce(), history: .none)
    return .init(offer: APIValues.offer(offer), microcheck: try Microcheck.write(for: offer, by: payer).text)
}
