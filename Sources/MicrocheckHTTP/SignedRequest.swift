import Microbilling
import MicrocheckCrypto

/// A request signed by a payer's or a merchant's KeyNote key
/// (protocol-spec/clearing-api.md, "Signed requests"): the signature covers
/// `microcheck-request/1`, the method, the path with its query, the UTC
/// date and the SHA-256 of the body, one per line.
public struct SignedRequest: Sendable, Hashable {
    /// The header that carries the signer's public key principal.
    public static let keyHeader = "X-Microcheck-Key"
    /// The header that carries the request's UTC date, `YYYYMMDDTHHMMSS`.
    public static let dateHeader = "X-Microcheck-Date"
    /// The header that carries the KeyNote signature.
    public static let signatureHeader = "X-Microcheck-Signature"
    /// How far the date may be from the verifier's clock, in seconds.
    public static let allowedSkew: Int64 = 300
    /// The longest key or signature header accepted.
    public static let maximumHeaderLength = 4096

    /// The signer's key principal, as written in the key header.
    public var key: String
    /// The date, as written in the date header.
    public var date: String
    /// The signature, as written in the signature header.
    public var signature: String

    /// Wraps the three header values of a request.
    public init(key: String, date: String, signature: String) {
        self.key = key
        self.date = date
        self.signature = signature
    }

    /// The bytes a request signature covers.
    public static func signedText(method: String, path: String, date: String,
                                  body: some Collection<UInt8>) throws(KeyNoteCryptoError) -> [UInt8] {
        Array("microcheck-request/1\n\(method.uppercased())\n\(path)\n\(date)\n\(try ContentDigest.sha256Hex(body))\n".utf8)
    }

    /// Signs a request made now by `signer`.
    public static func sign(method: String, path: String, body: some Collection<UInt8>, at time: UTCTime,
                            with signer: KeyNotePrivateKey) throws(KeyNoteCryptoError) -> SignedRequest {
        let algorithm = KeyNoteSignatureAlgorithm.default(for: signer.algorithm, encoding: .base64)
        let signature = try KeyNoteSignatures.sign(try signedText(method: method, path: path, date: time.stamp, body: body),
                                                   algorithm: algorithm, with: signer)
        return SignedRequest(key: signer.publicKey.encoded(.base64), date: time.stamp, signature: signature)
    }

    /// Checks the signature over this request as received at `time`.
    ///
    /// - Returns: the signer's key.
    /// - Throws: ``RequestAuthenticationError`` saying which part failed.
    public func verify(method: String, path: String, body: some Collection<UInt8>,
                       at time: UTCTime) throws(RequestAuthenticationError) -> KeyNoteKey {
        guard key.utf8.count <= Self.maximumHeaderLength, signature.utf8.count <= Self.maximumHeaderLength else {
            throw RequestAuthenticationError(.malformed, "\(Self.keyHeader) or \(Self.signatureHeader) is longer than \(Self.maximumHeaderLength) bytes")
        }
        guard let stamp = try? UTCTime(stamp: date) else {
            throw RequestAuthenticationError(.malformed, "\(Self.dateHeader) '\(date.prefix(32))' is not a UTC stamp YYYYMMDDTHHMMSS")
        }
        guard abs(stamp.secondsSince1970 - time.secondsSince1970) <= Self.allowedSkew else {
            throw RequestAuthenticationError(.stale, "\(Self.dateHeader) \(date) is more than \(Self.allowedSkew) s from the server's clock \(time.stamp)")
        }
        guard let principal = try? KeyNoteKey.parse(key) else {
            throw RequestAuthenticationError(.malformed, "\(Self.keyHeader) is not a KeyNote public key")
        }
        let text: [UInt8]
        do {
            text = try Self.signedText(method: method, path: path, date: date, body: body)
        } catch {
            throw RequestAuthenticationError(.malformed, "cannot digest the body: \(error.reason)")
        }
        guard KeyNoteSignatures.verify(signature: signature, by: principal, over: text) else {
            throw RequestAuthenticationError(.badSignature, "\(Self.signatureHeader) does not verify for \(method.uppercased()) \(path) at \(date)")
        }
        return principal
    }
}
