/// The bounds of every field a peer can send (protocol-spec/wire-protocol.md, "Limits").
public enum WireLimits {
    /// Bytes of an identifier (a truncated SHA-256).
    public static let idLength = 8
    /// Bytes of an offer nonce.
    public static let nonceLength = 16
    /// Bytes of a display name or product name.
    public static let nameLength = 64
    /// Bytes of a word (category, domain, merchant id, currency code).
    public static let wordLength = 64
    /// Bytes of a principal (a public key in KeyNote text form).
    public static let principalLength = 2048
    /// Bytes of a signature.
    public static let signatureLength = 1024
    /// Credentials in one hello or one message.
    public static let credentials = 8
    /// Bytes of one compressed credential.
    public static let compressedCredential = 16 * 1024
    /// Bytes of a whole message after reassembly.
    public static let message = 64 * 1024
    /// Microchecks asked about in one status request.
    public static let pendingQueries = 8
    /// Entries in one deposit batch.
    public static let depositEntries = 256
    /// Bytes of one deposit batch (compressed).
    public static let depositBatch = 60 * 1024
}
