import Foundation
import OpenAPIAsyncHTTPClient
import KeyNote
import Microbilling
import MicrocheckCrypto
import MicrocheckHTTP
import ProvisioningAPI
@testable import ProvisioningService
import Testing

/// Credential refresh over HTTP, signed by the payer's long-term key.
@Suite struct RefreshTests {
    @Test func enrollmentWritesABundleWhoseCredentialsVerifyUnderThePAKey() throws {
        let fixture = try ServiceFixture()
        let provisioner = try fixture.provisioner(standing: StaticStanding(.good))
        let payer = try newPayerKey()
        let bundle = try provisioner.enroll(payer.publicKey, class: "standard")
        let reread = try PayerBundle(text: bundle.text)
        #expect(reread == bundle)
        #expect(reread.credentials.count == 2)
        #expect(reread.issuers == [provisioner.currentPublicKey])
        for credential in reread.credentials {
            #expect(credential.issuer == provisioner.currentPublicKey && credential.subject == payer.publicKey)
            #expect(try AssertionSigning.verify(Array(credential.text.utf8)))
        }
        try reread.unpack(into: fixture.folder + "/payer")
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture.folder + "/payer/credentials").filter { $0.hasSuffix(".kn") }
        #expect(files.count == 2)
        #expect(throws: ProvisioningError.self) { try provisioner.enroll(payer.publicKey, class: "standard") }
    }

    @Test func aSignedRefreshIssuesAtClearingsStanding() async throws {
        let fixture = try ServiceFixture()
        let clearing = FakeClearing()
        let payer = try newPayerKey()
        try await clearing.serve { clearingURL in
            let provisioner = try fixture.provisioner(standing: ClearingStandingFeed(serverURL: clearingURL, token: "t"))
            _ = try provisioner.enroll(payer.publicKey, class: "standard")
            try await fixture.serve(provisioner) { service in
                let grant = try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).ok.body.json
                #expect(grant.standing == .good && grant.standingSource == .clearing)
                #expect(grant.payer == payer.publicKey.fingerprint)
                let credentials = try grant.credentials.map { try SignedCredential(text: $0.text) }
                #expect(credentials.map(\.terms.perPurchaseLimit) == [500, 150])
                #expect(try credentials.allSatisfy { try $0.issuer == provisioner.currentPublicKey && AssertionSigning.verify(Array($0.text.utf8)) })
            }
        }
        #expect(clearing.requestCount == 1)
    }

    @Test(arguments: ["bad signature", "wrong key", "stale date", "unsigned"])
    func aRefreshThatDoesNotAuthenticateIsRefusedWith401(_ fault: String) async throws {
        let fixture = try ServiceFixture()
        let provisioner = try fixture.provisioner(standing: StaticStanding(.good))
        let payer = try newPayerKey()
        let other = try newPayerKey()
        _ = try provisioner.enroll(payer.publicKey, class: "standard")
        try await fixture.serve(provisioner) { service in
            let client = switch fault {
            case "bad signature":
                service.client(signedBy: payer, middlewares: [HeaderRewrite(name: SignedRequest.signatureHeader) { value in
                    String((value ?? "").dropLast(4)) + "AAA="
                }])
            case "wrong key":
                // Signed by another key, presented as the enrolled payer's.
                service.client(signedBy: other, middlewares: [HeaderRewrite(name: SignedRequest.keyHeader) { _ in payer.publicKey.encoded(.base64) }])
            case "stale date":
                Client(serverURL: service.url, transport: AsyncHTTPClientTransport(), middlewares: [RequestSigner(key: payer) {
                    ServiceFixture.now().adding(seconds: -(SignedRequest.allowedSkew + 60))
                }])
            default:
                service.client()
            }
            let output = try await client.refreshCredentials(body: .json(.init()))
            guard case .unauthorized(let answer) = output else {
                Issue.record("expected 401, got \(output)")
                return
            }
            let expected = ["bad signature": "bad-signature", "wrong key": "bad-signature", "stale date": "stale-request", "unsigned": "unauthenticated"]
            #expect(try answer.body.json.code == expected[fault])
        }
    }

    @Test func aSuspendedPayerGetsNoCredentialAnd403() async throws {
        let fixture = try ServiceFixture()
        let clearing = FakeClearing()
        let payer = try newPayerKey()
        clearing.set(.suspended, for: payer.publicKey.fingerprint)
        try await clearing.serve { clearingURL in
            let provisioner = try fixture.provisioner(standing: ClearingStandingFeed(serverURL: clearingURL, token: "t"))
            _ = try provisioner.enroll(payer.publicKey, class: "standard")
            try await fixture.serve(provisioner) { service in
                let problem = try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).forbidden.body.json
                #expect(problem.code == "suspended")
            }
        }
    }

    @Test func whenClearingIsUnreachableTheRefreshGetsTheWatchLimits() async throws {
        let fixture = try ServiceFixture()
        // Nothing listens on the discard port of loopback: connection refused.
        let feed = ClearingStandingFeed(serverURL: try #require(URL(string: "http://127.0.0.1:9")), token: "t")
        let provisioner = try fixture.provisioner(standing: feed)
        let payer = try newPayerKey()
        _ = try provisioner.enroll(payer.publicKey, class: "standard")
        try await fixture.serve(provisioner) { service in
            let grant = try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).ok.body.json
            #expect(grant.standing == .watch && grant.standingSource == .fallback)
            #expect(try grant.credentials.map { try SignedCredential(text: $0.text).terms.perPurchaseLimit } == [250, 75])
            // Within the retry interval clearing is not asked again: no wait for its timeout.
            let clock = ContinuousClock()
            let started = clock.now
            let again = try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).ok.body.json
            #expect(again.standingSource == .fallback)
            #expect(clock.now - started < .seconds(1))
        }
        let metrics = provisioner.metrics.text()
        #expect(metrics.contains("provisioning_clearing_fallbacks_total 2"))
    }

    @Test func whenClearingIsUnreachableAndTheFallbackRefusesTheAnswerIs503() async throws {
        let fixture = try ServiceFixture()
        let feed = ClearingStandingFeed(serverURL: try #require(URL(string: "http://127.0.0.1:9")), token: "t")
        let provisioner = try fixture.provisioner(standing: feed, fallback: .refuse)
        let payer = try newPayerKey()
        _ = try provisioner.enroll(payer.publicKey, class: "standard")
        try await fixture.serve(provisioner) { service in
            let problem = try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).serviceUnavailable.body.json
            #expect(problem.code == "clearing-unavailable")
        }
    }
}
