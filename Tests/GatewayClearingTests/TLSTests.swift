import AsyncHTTPClient
import ClearingAPI
import ClearingService
import Foundation
import Logging
import NIOSSL
import OpenAPIAsyncHTTPClient
import Testing

/// Clearing over TLS when configured: a client that trusts the server's
/// certificate gets answers; one that speaks plain HTTP to it gets none.
@Suite struct TLSTests {
    /// A self-signed certificate for 127.0.0.1 and its key, made by the openssl tool.
    static func certificate(in folder: String) throws -> (certificate: String, key: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem",
                             "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ProcessWorldError(reason: "openssl req failed") }
        return (folder + "/cert.pem", folder + "/key.pem")
    }

    @Test func clearingServesTLSWhenConfigured() async throws {
        let world = try ClearingWorld(count: 2, payers: 1, merchants: 1, batchSize: 2)
        let files = try Self.certificate(in: world.folder)
        let certificates = try NIOSSLCertificate.fromPEMFile(files.certificate)
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: certificates.map { .certificate($0) },
                                                           privateKey: .privateKey(try NIOSSLPrivateKey(file: files.key, format: .pem)))
        let service = world.service(try world.house())
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try ClearingServer.application(service: service, host: "127.0.0.1", port: 0, tls: tls,
                                                 logger: quietLogger) { continuation.yield($0) }
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        var clientTLS = TLSConfiguration.makeClientConfiguration()
        clientTLS.trustRoots = .certificates(certificates)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: clientTLS))
        let secure = Client(serverURL: try #require(URL(string: "https://127.0.0.1:\(port)")),
                            transport: AsyncHTTPClientTransport(configuration: .init(client: httpClient, timeout: .seconds(10))))
        let health = try await secure.health()
        #expect(try health.ok.body.json.status == .up)
        let plain = Client(serverURL: try #require(URL(string: "http://127.0.0.1:\(port)")),
                           transport: AsyncHTTPClientTransport(configuration: .init(timeout: .seconds(5))))
        await #expect(throws: (any Error).self) { _ = try await plain.health() }
        try await httpClient.shutdown()
    }
}
