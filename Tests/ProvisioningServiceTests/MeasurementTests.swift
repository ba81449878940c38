import Foundation
import MicrocheckCrypto
import ProvisioningAPI
@testable import ProvisioningService
import Testing

/// Figures for the report, run on request (`PROVISIONING_MEASURE=1 swift test
/// --filter MeasurementTests`): refreshes per second over loopback, and the
/// cost of opening a sealed PA key.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PROVISIONING_MEASURE"] != nil))
struct MeasurementTests {
    @Test func refreshesPerSecondOverLoopback() async throws {
        let fixture = try ServiceFixture()
        let provisioner = try fixture.provisioner(standing: StaticStanding(.good))
        let payers = try (0..<8).map { _ in try newPayerKey() }
        for payer in payers { _ = try provisioner.enroll(payer.publicKey, class: "standard") }
        try await fixture.serve(provisioner) { service in
            let clients = payers.map { service.client(signedBy: $0) }
            _ = try await clients[0].refreshCredentials(body: .json(.init())).ok
            let count = 400
            let start = ContinuousClock.now
            for index in 0..<count {
                _ = try await clients[index % clients.count].refreshCredentials(body: .json(.init())).ok
            }
            let serial = ContinuousClock.now - start
            let parallelStart = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in clients {
                    group.addTask {
                        for _ in 0..<(count / clients.count) { _ = try await client.refreshCredentials(body: .json(.init())).ok }
                    }
                }
                try await group.waitForAll()
            }
            let parallel = ContinuousClock.now - parallelStart
            print("MEASURE refreshes over loopback: \(count) one at a time in \(serial) (\(Self.rate(count, serial))/s); \(count) from 8 clients at once in \(parallel) (\(Self.rate(count, parallel))/s)")
        }
    }

    @Test func openingASealedKeyCostsItsPBKDF2Iterations() throws {
        let passphrase = Array("a passphrase of reasonable length".utf8)
        for iterations in [PassphraseSealedBox.acceptedIterations.lowerBound, PassphraseSealedBox.defaultIterations] {
            let sealed = try PassphraseSealedBox.seal(Array("private-ed25519-base64:...".utf8), passphrase: passphrase, iterations: iterations)
            let elapsed = try ContinuousClock().measure { _ = try PassphraseSealedBox.open(sealed, passphrase: passphrase) }
            print("MEASURE open sealed key, PBKDF2-HMAC-SHA256 \(iterations) iterations: \(elapsed)")
        }
    }

    private static func rate(_ count: Int, _ duration: Duration) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Int(Double(count) / seconds)
    }
}
