import Microbilling
import MicrocheckCrypto

/// Replacing the PA key with overlap: the previous public key stays trusted
/// (in the registry, listed in merchant policy bundles) until a stated
/// retirement, so that credentials it signed keep working at terminals
/// until they expire; everything is signed with the new key from then on.
public enum PAKeyRotation {
    /// Records `previous` as retiring at `retiresAt`, then writes `newKey` to
    /// `keyFile` (atomically, sealed if the file is). A crash between the two
    /// leaves the previous key current and also listed as retiring: harmless.
    public static func rotate(keyFile: PAKeyFile, registry: PayerRegistry, from previous: KeyNoteKey, to newKey: KeyNotePrivateKey,
                              retiringPreviousAt retiresAt: UTCTime) throws(ProvisioningError) {
        guard newKey.publicKey != previous else {
            throw ProvisioningError(.configuration, "the new PA key is the current one")
        }
        try registry.retire(previous, at: retiresAt)
        try keyFile.write(newKey)
    }
}
