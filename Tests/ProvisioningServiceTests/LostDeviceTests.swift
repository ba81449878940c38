import Microbilling
import MicrocheckCrypto
import ProvisioningAPI
@testable import ProvisioningService
import Testing

/// A lost device: refreshes and escalations for its long-term key end, across restarts.
@Suite struct LostDeviceTests {
    @Test func afterAnOperatorReportsALostDeviceRefreshAndEscalationAreRefusedEvenAfterARestart() async throws {
        let fixture = try ServiceFixture()
        let payer = try newPayerKey()
        let first = try fixture.provisioner(standing: StaticStanding(.good))
        _ = try first.enroll(payer.publicKey, class: "standard")
        try await fixture.serve(first) { service in
            _ = try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).ok
            // Without a token nor a signature: 401; with another payer's signature: 403.
            let report = Components.Schemas.LostDeviceReport(payer: payer.publicKey.encoded(.base64))
            _ = try await service.client().reportLostDevice(body: .json(report)).unauthorized
            _ = try await service.client(signedBy: try newPayerKey()).reportLostDevice(body: .json(report)).forbidden
            let record = try await service.client(bearer: ServiceFixture.operatorToken).reportLostDevice(body: .json(report)).ok.body.json
            #expect(record.reportedBy == ._operator && record.payer == payer.publicKey.fingerprint)
            #expect(try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).forbidden.body.json.code == "device-lost")
            let escalation = try escalationBody(price: 1200, signedBy: payer)
            #expect(try await service.client().escalate(body: .json(escalation)).forbidden.body.json.code == "device-lost")
        }
        // A new process over the same registry.
        let restarted = try fixture.provisioner(standing: StaticStanding(.good))
        try await fixture.serve(restarted) { service in
            #expect(try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).forbidden.body.json.code == "device-lost")
            let escalation = try escalationBody(price: 1200, signedBy: payer)
            #expect(try await service.client().escalate(body: .json(escalation)).forbidden.body.json.code == "device-lost")
        }
        #expect(first.metrics.text().contains("provisioning_devices_lost_total 1"))
    }

    @Test func aPayerMayReportItsOwnDeviceLostBySigning() async throws {
        let fixture = try ServiceFixture()
        let payer = try newPayerKey()
        let provisioner = try fixture.provisioner(standing: StaticStanding(.good))
        _ = try provisioner.enroll(payer.publicKey, class: "standard")
        try await fixture.serve(provisioner) { service in
            let client = service.client(signedBy: payer)
            let record = try await client.reportLostDevice(body: .json(.init(payer: payer.publicKey.fingerprint))).ok.body.json
            #expect(record.reportedBy == .payer)
            #expect(try await client.refreshCredentials(body: .json(.init())).forbidden.body.json.code == "device-lost")
        }
    }
}
