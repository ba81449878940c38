import Microbilling
import MicrocheckCrypto

/// A microcheck crosses the link as its signature's bytes only: the
/// merchant rebuilds the text from the offer it sent and the payer's key
/// (protocol-spec/wire-protocol.md, "Microcheck").
public enum SignatureTransport {
    /// The signature bytes of a microcheck this system wrote: those of its
    /// last `"sig-…"` string.
    public static func signatureBytes(of microcheck: String) throws(AgentError) -> [UInt8] {
        var microcheck = microcheck
        guard let text = microcheck.withUTF8({ signatureText(in: $0) }) else {
            throw AgentError(.internal, "the microcheck has no signature")
        }
        guard let algorithm = KeyNoteSignatureAlgorithm.identify(text) else {
            throw AgentError(.internal, "unknown signature algorithm")
        }
        do {
            return try algorithm.encoding.decode(text.dropFirst(algorithm.prefixLength))
        } catch {
            throw AgentError(.internal, "signature does not decode: \(error.reason)")
        }
    }

    /// The text between the quotes of the last `"sig-…"` string in
    /// `bytes`, found by a scan of the bytes from the end; nil if there is none.
    private static func signatureText(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let quote = UInt8(ascii: "\"")
        var start = bytes.count - 1
        while start >= 0, !(bytes[start] == quote && bytes[(start + 1)...].starts(with: "sig-".utf8)) {
            start -= 1
        }
        guard start >= 0, let end = bytes[(start + 1)...].firstIndex(of: quote) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end]), as: UTF8.self)
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
