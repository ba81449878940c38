import Foundation
import HTTPTypes
import Microbilling
import OpenAPIRuntime

/// Turns what the generated handlers throw into documented answers: a
/// request that cannot be read as its operation's input (a missing or
/// malformed parameter, header or body) is a 400 Problem; a ledger failure
/// a 503; anything else a 500 Problem, never a bare error.
public struct ProblemMiddleware: ServerMiddleware {
    /// The middleware.
    public init() {}

    public func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                          next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch let error as ServerError {
            if error.operationInput == nil {
                return Self.problem(.badRequest, "bad-request", "\(operationID): \(error.causeDescription)")
            }
            if error.underlyingError is MicrobillingError {
                return Self.problem(.serviceUnavailable, "ledger-unavailable", "\(error.underlyingError)")
            }
            return Self.problem(.internalServerError, "internal-error", "\(operationID): \(error.causeDescription)")
        }
    }

    private static func problem(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> (HTTPResponse, HTTPBody?) {
        let object = ["code": code, "message": message]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        var response = HTTPResponse(status: status)
        response.headerFields[.contentType] = "application/json"
        return (response, HTTPBody(data))
    }
}
