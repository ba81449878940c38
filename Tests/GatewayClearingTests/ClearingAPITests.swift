import AsyncHTTPClient
import ClearingService
import Foundation
import Microbilling
import NIOCore
import NIOHTTP1
import Testing

/// What clearing answers to requests outside its document: always a
/// documented status with a Problem body, never a bare 500 or a dropped connection.
@Suite struct ClearingAPITests {
    func send(_ method: HTTPMethod, _ path: String, port: Int, body: [UInt8]? = nil,
              headers: [(String, String)] = []) async throws -> (status: UInt, body: String, allow: String?) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (response.status.code, text, response.headers.first(name: "Allow"))
    }

    @Test func malformedRequestsGetProblemsAndUnknownMethodsGet405() async throws {
        let world = try ClearingWorld(count: 4, payers: 2, merchants: 1, batchSize: 4)
        let token = "operator-\(UUID().uuidString)"
        let service = world.service(try world.house(), tokens: try AccessTokens(parsing: "operator \(token)\n"))
        try await withClearing(service) { port in
            let bearer = [("Authorization", "Bearer \(token)")]
            // A required query parameter missing: 400 with a Problem, not 500.
            let missing = try await send(.GET, "/v1/flags", port: port, headers: bearer)
            #expect(missing.status == 400 && missing.body.contains("bad-request"))
            // A parameter outside its documented pattern.
            let pattern = try await send(.GET, "/v1/standing/NOT-HEX", port: port, headers: bearer)
            #expect(pattern.status == 400 && pattern.body.contains("bad-parameter"))
            // A method the path does not have.
            let trace = try await send(.DELETE, "/v1/health", port: port)
            #expect(trace.status == 405 && trace.allow == "GET")
            #expect(try await send(.GET, "/v1/nothing-here", port: port).status == 404)
            // Bytes that are not an upload: 400 naming the offset; nothing posted.
            let junk = try await send(.POST, "/v1/deposits", port: port, body: Array("not an upload".utf8),
                                      headers: [("Content-Type", "application/octet-stream")])
            #expect(junk.status == 400 && junk.body.contains("\"offset\""))
            // A signature header that does not verify is refused even beside a valid token.
            let mixed = try await send(.GET, "/v1/statements/payers/0123456789abcdef", port: port,
                                       headers: bearer + [("X-Microcheck-Key", "ed25519-base64:AAAA"), ("X-Microcheck-Date", "20261004T010000"),
                                                          ("X-Microcheck-Signature", "sig-ed25519-base64:AAAA")])
            #expect(mixed.status == 401)
            #expect(try await send(.GET, "/metrics", port: port).status == 200)
        }
        #expect(try world.house().store.entryCount() == 0)
    }
}
