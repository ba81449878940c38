import Microbilling
import MicrocheckCrypto

/// A microcheck crosses the link as its signature's bytes only: the
/// merchant rebuilds the text from the offer it sent and the payer's key
/// (protocol-spec/wire-protocol.md, "Microcheck").
public enum SignatureTransport {
    /// The signature bytes of a microcheck this system wrote.
    public static func signatureBytes(of microcheck: String) throws(AgentError) -> [UInt8] {
        guard let start = microcheck.range(of: "\"sig-", options: .backwards),
              let end = microcheck[start.upperBound...].firstIndex(of: "\"") else {
            throw AgentError(.internal, "the microcheck has no signature")
        }
        let signature = String(microcheck[microcheck.index(after: start.lowerBound)..<end])
        guard let algorithm = KeyNoteSignatureAlgorithm.identify(signature) else {
            throw AgentError(.internal, "unknown signature algorithm")
        }
        do {
            return try algorithm.encoding.decode(signature.dropFirst(algorithm.prefixLength))
        } catch {
            throw AgentError(.internal, "signature does not decode: \(error.reason)")
        }
    }

    /// The microcheck text for `offer` by `payer` with `signature`.
    public static func microcheck(for offer: Offer, payer: KeyNoteKey, signature: [UInt8]) -> String {
        String(decoding: microcheckBytes(for: offer, payer: payer, signature: signature), as: UTF8.self)
    }

    /// The bytes of ``microcheck(for:payer:signature:)``, written once into one buffer.
    public static func microcheckBytes(for offer: Offer, payer: KeyNoteKey, signature: [UInt8]) -> [UInt8] {
        let algorithm = KeyNoteSignatureAlgorithm.default(for: payer.algorithm, encoding: .base64)
        let encoded = algorithm.encoding.encode(signature)
        var text = Microcheck.unsignedBytes(for: offer, payer: payer, extra: 4 + algorithm.name.utf8.count + encoded.utf8.count)
        text.append(contentsOf: " \"".utf8)
        text.append(contentsOf: algorithm.name.utf8)
        text.append(contentsOf: encoded.utf8)
        text.append(contentsOf: "\"\n".utf8)
        return text
    }
}
