import AsyncHTTPClient
import ClearingAPI
import Foundation
import HTTPTypes
import Microbilling
import MicrocheckCrypto
import MicrocheckHTTP
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime

/// Clearing's standing feed (`GET /v1/standing/{payer}` of clearing's API)
/// through the generated `ClearingAPI.Client`, with the provisioning token as
/// a bearer token and a short timeout: a slow clearing must not hold a
/// payer's refresh for long.
public struct ClearingStandingFeed: StandingSource {
    private let client: ClearingAPI.Client

    /// A feed from clearing at `serverURL` with `token`, waiting at most `timeout` per request.
    public init(serverURL: URL, token: String, timeout: Duration = .seconds(3), httpClient: HTTPClient = .shared) {
        let seconds = timeout.components.seconds
        let transport = AsyncHTTPClientTransport(configuration: .init(client: httpClient, timeout: .seconds(max(seconds, 1))))
        client = ClearingAPI.Client(serverURL: serverURL, transport: transport, middlewares: [BearerTokenMiddleware(token: token)])
    }

    /// The payer's standing from clearing.
    public func standing(of payer: KeyNoteKey) async throws(StandingUnavailable) -> PayerStanding {
        let output: Operations.payerStanding.Output
        do {
            output = try await client.payerStanding(path: .init(payer: payer.fingerprint))
        } catch let error as ClientError {
            throw StandingUnavailable("clearing did not answer: \(error.underlyingError)")
        } catch {
            throw StandingUnavailable("clearing did not answer: \(error)")
        }
        switch output {
        case .ok(let ok):
            guard case .json(let body) = ok.body else { throw StandingUnavailable("clearing answered an unexpected body") }
            switch body.standing {
            case .good: return .good
            case .watch: return .watch
            case .suspended: return .suspended
            }
        case .badRequest(let bad):
            throw StandingUnavailable("clearing refused the request: \((try? bad.body.json.message) ?? "400")")
        case .unauthorized:
            throw StandingUnavailable("clearing refused the provisioning token (401)")
        case .undocumented(let status, _):
            throw StandingUnavailable("clearing answered HTTP \(status)")
        }
    }
}
