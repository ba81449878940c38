import ClearingAPI
import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird
import ServiceLifecycle
import Synchronization

/// Clearing's standing feed and nothing else: `payerStanding` answers what
/// the test set (good when unset); every other operation answers 501.
final class FakeClearing: ClearingAPI.APIProtocol, Sendable {
    private let standings = Mutex<[String: Components.Schemas.Standing.standingPayload]>([:])
    private let requests = Mutex(0)

    /// Sets the standing clearing reports for the payer with `fingerprint`.
    func set(_ standing: Components.Schemas.Standing.standingPayload, for fingerprint: String) {
        standings.withLock { $0[fingerprint] = standing }
    }

    /// How many standing requests arrived.
    var requestCount: Int { requests.withLock { $0 } }

    /// Serves on 127.0.0.1 with an ephemeral port while `body` runs.
    func serve<T: Sendable>(_ body: (URL) async throws -> T) async throws -> T {
        let router = Router()
        try registerHandlers(on: router, serverURL: URL(fileURLWithPath: "/"))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let group = ServiceGroup(services: [app], logger: Logger(label: "fake-clearing"))
        _ = Task { try await group.run() }
        defer { Task { await group.triggerGracefulShutdown() } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), let url = URL(string: "http://127.0.0.1:\(port)") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try await body(url)
    }

    func payerStanding(_ input: Operations.payerStanding.Input) async throws -> Operations.payerStanding.Output {
        requests.withLock { $0 += 1 }
        let standing = standings.withLock { $0[input.path.payer] } ?? .good
        return .ok(.init(body: .json(.init(payer: input.path.payer, standing: standing, flags: standing == .good ? 0 : 1))))
    }

    func health(_ input: Operations.health.Input) async throws -> Operations.health.Output { .undocumented(statusCode: 501, .init()) }
    func uploadDeposits(_ input: Operations.uploadDeposits.Input) async throws -> Operations.uploadDeposits.Output { .undocumented(statusCode: 501, .init()) }
    func payerStatement(_ input: Operations.payerStatement.Input) async throws -> Operations.payerStatement.Output { .undocumented(statusCode: 501, .init()) }
    func merchantStatement(_ input: Operations.merchantStatement.Input) async throws -> Operations.merchantStatement.Output { .undocumented(statusCode: 501, .init()) }
    func fraudFlags(_ input: Operations.fraudFlags.Input) async throws -> Operations.fraudFlags.Output { .undocumented(statusCode: 501, .init()) }
    func quarantine(_ input: Operations.quarantine.Input) async throws -> Operations.quarantine.Output { .undocumented(statusCode: 501, .init()) }
    func metrics(_ input: Operations.metrics.Input) async throws -> Operations.metrics.Output { .undocumented(statusCode: 501, .init()) }
}
