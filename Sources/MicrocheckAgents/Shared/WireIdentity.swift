import Microbilling
import MicrocheckCrypto
import MicrocheckWire

/// The 8-byte ids the wire uses for keys, credentials, cards and microchecks:
/// the first 8 bytes of SHA-256 (protocol-spec/wire-protocol.md, "Identifiers").
public enum WireIdentity {
    /// The id of a text (a credential, a key's principal string).
    public static func of(_ text: String) throws(AgentError) -> [UInt8] {
        try of(bytes: Array(text.utf8))
    }

    /// The id of bytes (a merchant card's encoding).
    public static func of(bytes: [UInt8]) throws(AgentError) -> [UInt8] {
        do {
            return Array(try ContentDigest.sha256(bytes).prefix(WireLimits.idLength))
        } catch {
            throw AgentError(.internal, "cannot digest: \(error.reason)")
        }
    }

    /// The id of a public key.
    public static func of(key: KeyNoteKey) throws(AgentError) -> [UInt8] {
        try of(key.encoded(.base64))
    }

    /// The wire id of a microcheck (the first 8 bytes of its id).
    public static func of(microcheckID: String) -> [UInt8] {
        (try? KeyNoteHex.decode(microcheckID.prefix(2 * WireLimits.idLength))) ?? []
    }
}
