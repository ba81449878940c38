import Foundation
import HTTPTypes
import Microbilling
import MicrocheckCrypto
import MicrocheckHTTP
import OpenAPIRuntime
import ProvisioningAPI

/// Runs before every operation: bounds the body (413 above the limit),
/// checks a bearer token or a signed request (401 when either is presented
/// and fails), hands the result to the operation as
/// ``RequestAuthentication/current``, and answers a request the generated
/// code cannot read (wrong content type, JSON not of the schema) with a 400
/// Problem. Signatures cover the exact body bytes,
/// which only a middleware sees.
struct RequestGuard: ServerMiddleware {
    /// The most bytes of a request body.
    let maximumBodySize: Int
    /// The operator's token; nil accepts no bearer token.
    let operatorToken: String?
    /// Now, for the signature's date window.
    let clock: @Sendable () -> UTCTime

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
    async throws -> (HTTPResponse, HTTPBody?) {
        var bytes: [UInt8] = []
        if let body {
            if case .known(let length) = body.length, length > maximumBodySize {
                return Self.problem(.contentTooLarge, "too-large", "the body has \(length) bytes, at most \(maximumBodySize)")
            }
            do {
                bytes = try await [UInt8](collecting: body, upTo: maximumBodySize)
            } catch {
                return Self.problem(.contentTooLarge, "too-large", "the body is longer than \(maximumBodySize) bytes")
            }
        }
        let authentication: RequestAuthentication
        switch authenticate(request, body: bytes) {
        case .success(let who): authentication = who
        case .failure(let failure): return Self.problem(.unauthorized, failure.code, failure.reason)
        }
        do {
            return try await RequestAuthentication.$current.withValue(authentication) {
                try await next(request, body == nil ? nil : HTTPBody(bytes), metadata)
            }
        } catch let error as ServerError {
            // The operations answer every decision themselves; what throws is reading the request.
            return Self.problem(.badRequest, "malformed", "\(error.causeDescription): \(String(describing: error.underlyingError).prefix(300))")
        }
    }

    private struct Failure: Error {
        var code: String
        var reason: String
    }

    private func authenticate(_ request: HTTPRequest, body: [UInt8]) -> Result<RequestAuthentication, Failure> {
        if let authorization = Self.header(request, "Authorization") {
            guard authorization.hasPrefix("Bearer "), let operatorToken,
                  KeyNoteSecrets.constantTimeEqual(Array(authorization.utf8.dropFirst(7)), Array(operatorToken.utf8)) else {
                return .failure(Failure(code: "bad-token", reason: "the bearer token is not the operator's"))
            }
            return .success(.operator)
        }
        let key = Self.header(request, SignedRequest.keyHeader)
        let date = Self.header(request, SignedRequest.dateHeader)
        let signature = Self.header(request, SignedRequest.signatureHeader)
        guard key != nil || date != nil || signature != nil else { return .success(.anonymous) }
        guard let key, let date, let signature else {
            return .failure(Failure(code: RequestAuthenticationError.Code.malformed.rawValue,
                                    reason: "a signed request needs \(SignedRequest.keyHeader), \(SignedRequest.dateHeader) and \(SignedRequest.signatureHeader)"))
        }
        do {
            let signer = try SignedRequest(key: key, date: date, signature: signature)
                .verify(method: request.method.rawValue, path: request.path ?? "/", body: body, at: clock())
            return .success(.payer(signer))
        } catch {
            return .failure(Failure(code: error.code.rawValue, reason: error.reason))
        }
    }

    private static func header(_ request: HTTPRequest, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { request.headerFields[$0] }
    }

    /// A Problem answer decided here, before any operation runs.
    static func problem(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> (HTTPResponse, HTTPBody?) {
        let body = (try? JSONEncoder().encode(Components.Schemas.Problem(code: code, message: message))).map { Array($0) } ?? []
        var response = HTTPResponse(status: status)
        response.headerFields[.contentType] = "application/json; charset=utf-8"
        return (response, HTTPBody(body))
    }
}
