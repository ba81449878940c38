import Microbilling
import MicrocheckCrypto

/// A PA public key that merchants trust: the current key, or a rotated-out
/// key until its retirement.
public struct TrustedPAKey: Sendable, Hashable {
    /// The key.
    public var key: KeyNoteKey
    /// When terminals stop trusting it; nil for the current key.
    public var retiresAt: UTCTime?

    /// Creates an entry.
    public init(key: KeyNoteKey, retiresAt: UTCTime?) {
        self.key = key
        self.retiresAt = retiresAt
    }
}
