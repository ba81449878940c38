import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Microbilling
import NIOSSL
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// The provisioning service on HTTP (or HTTPS when a certificate is
/// configured): Hummingbird serving ``ProvisioningHandler`` behind
/// ``RequestGuard``.
public struct ProvisioningHTTPServer: Sendable {
    /// The most bytes of any request body.
    public static let maximumBodySize = 64 * 1024

    /// Where to listen and how.
    public struct Settings: Sendable {
        /// The address to bind, e.g. 127.0.0.1.
        public var host: String
        /// The port; 0 picks a free one (reported to `onRunning`).
        public var port: Int
        /// The operator's bearer token; nil accepts none.
        public var operatorToken: String?
        /// The server certificate chain and key (PEM files); nil serves plain HTTP.
        public var tls: (certificateChain: String, privateKey: String)?

        /// Creates settings.
        public init(host: String = "127.0.0.1", port: Int, operatorToken: String?, tls: (certificateChain: String, privateKey: String)? = nil) {
            self.host = host
            self.port = port
            self.operatorToken = operatorToken
            self.tls = tls
        }
    }

    private let provisioner: Provisioner
    private let settings: Settings
    private let logger: Logger

    /// A server for `provisioner`.
    public init(provisioner: Provisioner, settings: Settings, logger: Logger = Logger(label: "provisioning")) {
        self.provisioner = provisioner
        self.settings = settings
        self.logger = logger
    }

    /// Serves until the task is cancelled, or SIGTERM or SIGINT arrives when
    /// `handleSignals`; either way shuts down gracefully.
    ///
    /// - Parameter onRunning: called with the bound port once the server listens.
    /// - Throws: ``ProvisioningError`` with code `configuration` for unreadable
    ///   TLS files; the server's own errors (address in use) as they come.
    public func run(handleSignals: Bool = false, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router(context: ProvisioningRequestContext.self)
        let handler = ProvisioningHandler(provisioner: provisioner)
        let clock = provisioner.clock
        try handler.registerHandlers(on: router, serverURL: URL(fileURLWithPath: "/"), middlewares: [
            RequestGuard(maximumBodySize: Self.maximumBodySize, operatorToken: settings.operatorToken, clock: clock),
        ])
        let server: HTTPServerBuilder = if let tls = settings.tls { try .tls(.http1(), tlsConfiguration: Self.tlsConfiguration(tls)) } else { .http1() }
        let logger = logger
        let app = Application(router: router, server: server,
                              configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "microcheck-provisioning"),
                              onServerRunning: { channel in
                                  let port = channel.localAddress?.port ?? 0
                                  logger.info("provisioning service listening", metadata: ["port": "\(port)"])
                                  await onRunning(port)
                              },
                              logger: logger)
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger)
        // Cancelling the caller's task shuts down gracefully: requests in flight are answered first.
        // The group runs in a task of its own, which the caller's cancellation does not reach.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    private static func tlsConfiguration(_ files: (certificateChain: String, privateKey: String)) throws(ProvisioningError) -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        } catch {
            throw ProvisioningError(.configuration, "TLS: cannot read \(files.certificateChain) or \(files.privateKey): \(error)")
        }
    }
}
