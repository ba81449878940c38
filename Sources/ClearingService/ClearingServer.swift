import ClearingAPI
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import OpenAPIHummingbird
import OpenAPIRuntime

/// The request context of clearing's routes.
public typealias ClearingRequestContext = BasicRequestContext

/// Clearing as a Hummingbird application: the OpenAPI handlers behind the
/// middlewares that pass the bearer token on and implement the receipt failpoint.
public enum ClearingServer {
    /// How long a connection may stay silent before it is closed (a slow or stalled peer holds nothing for long).
    public static let idleTimeout = TimeAmount.seconds(60)

    /// Responses written as compact JSON, keys in no particular order:
    /// the runtime's default sorts keys and pretty-prints, which cost more
    /// than the rest of a receipt and mean nothing to a JSON reader.
    static let responseConfiguration = Configuration(jsonEncodingOptions: [])

    /// The application serving `service` on `host`:`port` (0: any free port),
    /// with TLS when `tls` is given; `onListening` gets the bound port.
    public static func application(service: ClearingService, host: String, port: Int, tls: TLSConfiguration? = nil,
                                   logger: Logger,
                                   onListening: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let router = Router(context: ClearingRequestContext.self)
        router.add(middleware: AuthorizationHeaderMiddleware<ClearingRequestContext>())
        router.add(middleware: ReceiptFailpoint<ClearingRequestContext>(configured: service.failpoint))
        router.add(middleware: MethodNotAllowed<ClearingRequestContext>())
        try service.registerHandlers(on: router, configuration: responseConfiguration, middlewares: [ProblemMiddleware()])
        let configuration = ApplicationConfiguration(address: .hostname(host, port: port), serverName: "microcheck-clearing")
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: idleTimeout))
        let server: HTTPServerBuilder = if let tls { try .tls(http1, tlsConfiguration: tls) } else { http1 }
        return Application(router: router, server: server, configuration: configuration,
                           onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
    }
}
