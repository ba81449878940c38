import MicrocheckCrypto

/// A merchant's seal over the purchases it hands to a gateway
/// (protocol-spec/deposit-batch.md, "Seals"): its signature over its id and
/// the microcheck ids, in order. Clearing posts a group of deposits only
/// when the seal verifies under the merchant's enrolled key, so a gateway
/// relays deposits it cannot forge or alter. The seal's id names the group
/// for idempotency: a retried upload carries the same seal.
public struct DepositSeal: Sendable, Hashable {
    /// The most microchecks one seal covers.
    public static let maximumItems = 256
    /// The most bytes a seal's signature may have.
    public static let maximumSignature = 1024

    /// The depositing merchant's id.
    public let merchantID: String
    /// The sealed microchecks' ids (32 hex digits each), in the merchant's order.
    public let microcheckIDs: [String]
    /// The signature's bytes (its algorithm is the merchant key's default, base64).
    public let signature: [UInt8]

    /// A seal as received; ``verify(by:)`` tells whether it is genuine.
    public init(merchantID: String, microcheckIDs: [String], signature: [UInt8]) {
        self.merchantID = merchantID
        self.microcheckIDs = microcheckIDs
        self.signature = signature
    }

    /// The bytes a seal's signature covers.
    public static func signedText(merchantID: String, microcheckIDs: [String]) -> [UInt8] {
        var text = "microcheck-deposit-seal/1\n\(merchantID)\n"
        for id in microcheckIDs { text += id + "\n" }
        return Array(text.utf8)
    }

    /// Seals `microcheckIDs` for `merchantID` with the merchant's key.
    public static func seal(merchantID: String, microcheckIDs: [String],
                            with key: KeyNotePrivateKey) throws(MicrobillingError) -> DepositSeal {
        let algorithm = KeyNoteSignatureAlgorithm.default(for: key.algorithm, encoding: .base64)
        do {
            let text = try KeyNoteSignatures.sign(signedText(merchantID: merchantID, microcheckIDs: microcheckIDs),
                                                  algorithm: algorithm, with: key)
            let bytes = try algorithm.encoding.decode(text.dropFirst(algorithm.prefixLength))
            return DepositSeal(merchantID: merchantID, microcheckIDs: microcheckIDs, signature: bytes)
        } catch {
            throw MicrobillingError(.keyFailure, "cannot seal deposits of \(merchantID): \(error.reason)")
        }
    }

    /// The seal's id: the first 16 bytes of the SHA-256 of its signed text, in hex.
    public var id: String {
        get throws(MicrobillingError) {
            do {
                return String(try ContentDigest.sha256Hex(Self.signedText(merchantID: merchantID, microcheckIDs: microcheckIDs)).prefix(32))
            } catch {
                throw MicrobillingError(.keyFailure, "cannot digest a seal: \(error.reason)")
            }
        }
    }

    /// Whether the seal is `key`'s signature over the merchant id and the ids.
    public func verify(by key: KeyNoteKey) -> Bool {
        guard !signature.isEmpty, signature.count <= Self.maximumSignature, microcheckIDs.count <= Self.maximumItems else { return false }
        let algorithm = KeyNoteSignatureAlgorithm.default(for: key.algorithm, encoding: .base64)
        return KeyNoteSignatures.verify(signature: algorithm.name + algorithm.encoding.encode(signature), by: key,
                                        over: Self.signedText(merchantID: merchantID, microcheckIDs: microcheckIDs))
    }
}
