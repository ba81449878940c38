import AsyncHTTPClient
import Foundation
import HTTPTypes
import Microbilling
import MicrocheckCrypto
import MicrocheckHTTP
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import ProvisioningAPI
@testable import ProvisioningService

/// A provisioning service's files in a fresh folder: a PA key (0600), the
/// sample strategy, a registry path; and ways to run the service on
/// 127.0.0.1 with an ephemeral port and talk to it through the generated client.
struct ServiceFixture {
    static let operatorToken = "operator-token-for-tests"
    static let strategyText = """
        app_domain: deli
        currency: {code: USD, minor_digits: 2}
        standing:
          watch: {limit_percent: 50, escalation: false}
          suspended: {issue: false}
        classes:
          standard:
            escalation_limit: "20.00"
            credentials:
              - {name: daily, limit: "5.00", validity_hours: 24, purchases_per_merchant_per_day: 3}
              - {name: monthly, limit: "1.50", validity_hours: 720, forbidden_categories: [alcohol]}
        authorities:
          - {name: dmv, key: "%DMV%", attribute: driver-licence, categories: [car-rental]}
        """

    let folder: String
    let keyFile: PAKeyFile
    let registryPath: String
    let strategy: RiskStrategy
    let authority: KeyNotePrivateKey

    /// A new folder with a new PA key written in plain form.
    init(passphrase: PassphraseSource? = nil) throws {
        folder = NSTemporaryDirectory() + "provisioning-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        keyFile = PAKeyFile(path: folder + "/pa.key", passphrase: passphrase, iterations: PassphraseSealedBox.acceptedIterations.lowerBound)
        try keyFile.write(try KeyNotePrivateKey.generate(.ed25519, bits: 256))
        registryPath = folder + "/registry.sqlite"
        authority = try KeyNotePrivateKey.generate(.ed25519, bits: 256)
        strategy = try RiskStrategyFile.parse(Self.strategyText.replacingOccurrences(of: "%DMV%", with: authority.publicKey.encoded(.base64)))
    }

    /// The service's core over the files, reading the PA key from its file.
    func provisioner(standing: any StandingSource, fallback: ClearingFallback = .default,
                     clock: @escaping @Sendable () -> UTCTime = Self.now) throws -> Provisioner {
        try Provisioner(key: keyFile.read(), strategy: strategy, registry: PayerRegistry(path: registryPath), standingSource: standing,
                        fallback: fallback, serviceURL: "http://127.0.0.1:8490", clock: clock)
    }

    /// Now, from the system clock.
    @Sendable static func now() -> UTCTime {
        UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
    }

    /// Runs `provisioner` over HTTP while `body` runs.
    func serve<T: Sendable>(_ provisioner: Provisioner, _ body: (RunningService) async throws -> T) async throws -> T {
        let server = ProvisioningHTTPServer(provisioner: provisioner, settings: .init(port: 0, operatorToken: Self.operatorToken))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run(onRunning: { continuation.yield($0) }) }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), let url = URL(string: "http://127.0.0.1:\(port)") else {
            throw ProvisioningError(.configuration, "the service did not start")
        }
        return try await body(RunningService(url: url))
    }
}

/// A service listening on loopback.
struct RunningService {
    let url: URL

    /// A client; `signer` signs every request, `middlewares` run after it (nearer the wire).
    func client(signedBy signer: KeyNotePrivateKey? = nil, bearer: String? = nil, middlewares: [any ClientMiddleware] = []) -> Client {
        var chain: [any ClientMiddleware] = []
        if let signer { chain.append(RequestSigner(key: signer)) }
        if let bearer { chain.append(BearerTokenMiddleware(token: bearer)) }
        return Client(serverURL: url, transport: AsyncHTTPClientTransport(), middlewares: chain + middlewares)
    }
}

/// Rewrites one header of every request (after signing): forged keys, broken signatures.
struct HeaderRewrite: ClientMiddleware {
    let name: String
    let value: @Sendable (String?) -> String

    func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        if let field = HTTPField.Name(name) { request.headerFields[field] = value(request.headerFields[field]) }
        return try await next(request, body, baseURL)
    }
}

/// A new payer key.
func newPayerKey() throws -> KeyNotePrivateKey {
    try KeyNotePrivateKey.generate(.ed25519, bits: 256)
}

/// A standing source that always answers the same standing, in process.
struct StaticStanding: StandingSource {
    let value: PayerStanding

    init(_ value: PayerStanding) {
        self.value = value
    }

    func standing(of payer: KeyNoteKey) async throws(StandingUnavailable) -> PayerStanding { value }
}
