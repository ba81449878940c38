import Foundation
import HTTPTypes
import Microbilling
import MicrocheckCrypto
import MicrocheckHTTP
import OpenAPIRuntime

/// A client middleware that signs every request with a payer's long-term
/// key (``SignedRequest``): for the payer's side of `ProvisioningAPI.Client`.
/// It reads the body once (at most `maximumBodySize` bytes) to digest it.
public struct RequestSigner: ClientMiddleware {
    private let key: KeyNotePrivateKey
    private let clock: @Sendable () -> UTCTime
    private let maximumBodySize: Int

    /// Signs with `key` at the time `clock` gives.
    public init(key: KeyNotePrivateKey, maximumBodySize: Int = ProvisioningHTTPServer.maximumBodySize,
                clock: @escaping @Sendable () -> UTCTime = { UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970)) }) {
        self.key = key
        self.clock = clock
        self.maximumBodySize = maximumBodySize
    }

    public func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                          next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        let bytes: [UInt8] = if let body { try await [UInt8](collecting: body, upTo: maximumBodySize) } else { [] }
        let prefix = baseURL.path.hasSuffix("/") ? String(baseURL.path.dropLast()) : baseURL.path
        let path = prefix + (request.path ?? "/")
        let signed = try SignedRequest.sign(method: request.method.rawValue, path: path, body: bytes, at: clock(), with: key)
        var request = request
        for (name, value) in [(SignedRequest.keyHeader, signed.key), (SignedRequest.dateHeader, signed.date), (SignedRequest.signatureHeader, signed.signature)] {
            if let field = HTTPField.Name(name) { request.headerFields[field] = value }
        }
        return try await next(request, body == nil ? nil : HTTPBody(bytes), baseURL)
    }
}
