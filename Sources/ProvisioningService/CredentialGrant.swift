import Microbilling
import MicrocheckCrypto

/// What a refresh gives a payer: its credentials and how they were decided.
public struct CredentialGrant: Sendable, Hashable {
    /// Where the standing came from.
    public enum StandingSourceKind: String, Sendable, Hashable {
        /// Clearing's standing feed answered.
        case clearing
        /// Clearing could not be reached; the configured fallback decided.
        case fallback
    }

    /// The payer as registered.
    public var payer: PayerRecord
    /// The standing the credentials were shaped by.
    public var standing: PayerStanding
    /// Where that standing came from.
    public var standingSource: StandingSourceKind
    /// The credentials, signed by the current PA key.
    public var credentials: [SignedCredential]
    /// The PA keys the payer should trust as issuers.
    public var issuers: [KeyNoteKey]
}
