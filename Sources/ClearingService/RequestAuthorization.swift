import Microbilling
import MicrocheckCrypto
import MicrocheckHTTP

/// Who a request comes from: a signed request's key, or a bearer token's role.
public enum Requester: Sendable, Hashable {
    /// A signed request, by this key.
    case key(KeyNoteKey)
    /// A bearer token of this role.
    case token(AccessTokens.Role)
}

/// Works out who a request comes from (protocol-spec/clearing-api.md,
/// "Authentication") and answers whether it may read what it asks for.
public struct RequestAuthorization: Sendable {
    /// The tokens of operators and of the Provisioning Agent.
    public let tokens: AccessTokens

    /// Authorization with these tokens.
    public init(tokens: AccessTokens) {
        self.tokens = tokens
    }

    /// The requester of a request with these headers.
    ///
    /// - Throws: ``RequestAuthenticationError`` when nothing valid is presented.
    public func requester(authorization: String?, key: String?, date: String?, signature: String?, method: String, path: String,
                          at time: UTCTime) throws(RequestAuthenticationError) -> Requester {
        // Signature headers, when present, must verify, whatever else comes with them.
        if key != nil || date != nil || signature != nil {
            guard let key, let date, let signature else {
                throw RequestAuthenticationError(.malformed, "a signed request needs \(SignedRequest.keyHeader), \(SignedRequest.dateHeader) and \(SignedRequest.signatureHeader)")
            }
            return .key(try SignedRequest(key: key, date: date, signature: signature).verify(method: method, path: path, body: [UInt8](), at: time))
        }
        guard let authorization else {
            throw RequestAuthenticationError(.missing, "sign the request (\(SignedRequest.keyHeader), \(SignedRequest.dateHeader), \(SignedRequest.signatureHeader)) or present an operator token")
        }
        guard authorization.hasPrefix("Bearer "), let role = tokens.role(of: String(authorization.dropFirst(7))) else {
            throw RequestAuthenticationError(.badSignature, "the bearer token is not one of clearing's")
        }
        return .token(role)
    }
}
