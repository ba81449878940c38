import Microbilling
import MicrocheckCrypto
import ProvisioningAPI
@testable import ProvisioningService
import Testing

/// Online escalation: a transaction-specific credential, or a refusal with its reason.
@Suite struct EscalationTests {
    @Test func anOfferAboveTheOfflineLimitGetsACredentialBoundToIt() async throws {
        let fixture = try ServiceFixture()
        let provisioner = try fixture.provisioner(standing: StaticStanding(.good))
        let payer = try newPayerKey()
        _ = try provisioner.enroll(payer.publicKey, class: "standard")
        let body = try escalationBody(price: 1200, signedBy: payer)
        try await fixture.serve(provisioner) { service in
            let grant = try await service.client().escalate(body: .json(body)).ok.body.json
            let credential = try SignedCredential(text: grant.credential.text)
            #expect(credential.terms.kind == .escalation)
            #expect(credential.terms.nonce == body.offer.nonce && credential.terms.exactAmount == 1200)
            #expect(credential.issuer == provisioner.currentPublicKey && credential.subject == payer.publicKey)
        }
        #expect(provisioner.metrics.text().contains("provisioning_escalations_total{outcome=\"issued\"} 1"))
    }

    @Test func escalationsAreRefusedWithTheirReason() async throws {
        let fixture = try ServiceFixture()
        let provisioner = try fixture.provisioner(standing: StaticStanding(.good))
        let payer = try newPayerKey()
        let stranger = try newPayerKey()
        _ = try provisioner.enroll(payer.publicKey, class: "standard")
        let overLimit = try escalationBody(price: 2500, signedBy: payer)
        let stale = try escalationBody(price: 1200, signedBy: payer, at: ServiceFixture.now().adding(seconds: -3600))
        var forged = try escalationBody(price: 1200, signedBy: payer)
        forged.microcheck = try escalationBody(price: 1200, signedBy: stranger).microcheck
        try await fixture.serve(provisioner) { service in
            let client = service.client()
            #expect(try await client.escalate(body: .json(overLimit)).unprocessableContent.body.json.code == "over-limit")
            #expect(try await client.escalate(body: .json(stale)).unprocessableContent.body.json.code == "stale")
            #expect(try await client.escalate(body: .json(forged)).unprocessableContent.body.json.code == "bad-request")
            // A valid microcheck by a key that was never enrolled.
            let unknown = try escalationBody(price: 1200, signedBy: stranger)
            #expect(try await client.escalate(body: .json(unknown)).forbidden.body.json.code == "not-enrolled")
        }
    }

    @Test func aPayerOnWatchGetsNoEscalation() async throws {
        let fixture = try ServiceFixture()
        let clearing = FakeClearing()
        let payer = try newPayerKey()
        clearing.set(.watch, for: payer.publicKey.fingerprint)
        try await clearing.serve { clearingURL in
            let provisioner = try fixture.provisioner(standing: ClearingStandingFeed(serverURL: clearingURL, token: "t"))
            _ = try provisioner.enroll(payer.publicKey, class: "standard")
            let body = try escalationBody(price: 1200, signedBy: payer)
            try await fixture.serve(provisioner) { service in
                let refusal = try await service.client().escalate(body: .json(body)).unprocessableContent.body.json
                #expect(refusal.code == "standing")
            }
        }
    }
}
