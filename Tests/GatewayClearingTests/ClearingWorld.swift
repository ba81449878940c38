import ClearingAPI
import ClearingService
import Foundation
import GatewayService
import MicrocheckHTTP
import Logging
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckCrypto
import MicrocheckScenarios
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime

/// A clearing world for the tests: a backlog of sealed deposits (real keys,
/// real signatures), a gateway spool holding them, and clearing's ledger.
struct ClearingWorld {
    /// The folder of this world's files.
    let folder: String
    /// The deposits.
    let backlog: DepositBacklog

    /// A world of `count` purchases by `payers` payers at `merchants` machines, in sealed hand-overs of `batchSize`.
    init(count: Int, payers: Int = 8, merchants: Int = 2, batchSize: Int = 16, keyBits: Int = 1024) throws {
        folder = NSTemporaryDirectory() + "gateway-clearing-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        backlog = try DepositBacklog.generate(count: count, payers: payers, merchants: merchants, days: 3, batchSize: batchSize,
                                              keyBits: keyBits)
    }

    /// The spooled form of every deposit, as a gateway keeps it.
    func spooled() throws -> [SpooledDeposit] {
        try backlog.deposits.flatMap { deposit in
            try deposit.purchases.map { purchase in
                SpooledDeposit(merchantID: deposit.merchantID, microcheckID: purchase.microcheckID,
                               record: try DepositRecord.encode(purchase), seal: deposit.seal)
            }
        }
    }

    /// A spool file holding every deposit.
    func fullSpool(_ name: String = "spool.sqlite") throws -> SQLiteGatewaySpool {
        let spool = try SQLiteGatewaySpool(path: folder + "/" + name)
        _ = try spool.store(try spooled())
        return spool
    }

    /// Clearing's house over a SQLite ledger in this world's folder.
    func house(_ name: String = "ledger.sqlite", merchants: [MerchantAccount]? = nil) throws -> ClearingHouse {
        ClearingHouse(store: try SQLiteClearingStore(path: folder + "/" + name), merchants: merchants ?? backlog.merchants)
    }

    /// Clearing's service over `house`, its clock at the backlog's receipt time.
    func service(_ house: ClearingHouse, tokens: AccessTokens = AccessTokens()) -> ClearingService {
        let now = backlog.receivedAt
        return ClearingService(house: house, authorization: RequestAuthorization(tokens: tokens), clock: { now })
    }
}

/// Clearing served in this process on a free loopback port, for as long as `body` runs.
func withClearing<T: Sendable>(_ service: ClearingService, _ body: (Int) async throws -> T) async throws -> T {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = try ClearingServer.application(service: service, host: "127.0.0.1", port: 0, logger: quietLogger) { port in
        continuation.yield(port)
    }
    let server = Task { try await app.runService() }
    defer { server.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw CancellationError() }
    return try await body(port)
}

/// A logger for servers the tests stop by cancelling them (which Hummingbird reports as errors).
let quietLogger: Logger = {
    var logger = Logger(label: "test.clearing")
    logger.logLevel = .critical
    return logger
}()

/// A generated clearing client for `port`, sending `token` as a bearer token when given.
func clearingClient(port: Int, token: String? = nil) throws -> Client {
    guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw URLError(.badURL) }
    return Client(serverURL: url, transport: AsyncHTTPClientTransport(), middlewares: token.map { [BearerTokenMiddleware(token: $0)] } ?? [])
}
