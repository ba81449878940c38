import Microbilling
import MicrocheckCrypto

/// An enrolled payer as the registry keeps it.
public struct PayerRecord: Sendable, Hashable {
    /// Who reported a device lost.
    public enum Reporter: String, Sendable, Hashable {
        /// An operator, with the operator token.
        case `operator`
        /// The payer itself, signing with its long-term key.
        case payer
    }

    /// The payer's long-term public key, registered in person.
    public var key: KeyNoteKey
    /// The payer's risk class in the strategy.
    public var payerClass: String
    /// When the payer was enrolled.
    public var enrolledAt: UTCTime
    /// When the device was reported lost; nil while it is not.
    public var lostAt: UTCTime?
    /// Who reported it lost.
    public var lostBy: Reporter?

    /// Whether the key is refused from now on.
    public var isLost: Bool { lostAt != nil }
}
