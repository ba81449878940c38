import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto

/// The PA's private key on disk: mode 0600 always, and sealed under a
/// passphrase (``PassphraseSealedBox``) when a passphrase source is configured.
public struct PAKeyFile: Sendable {
    /// The most bytes a key file may have.
    public static let maximumSize = 64 * 1024

    /// The file's path.
    public let path: String
    /// The passphrase source; nil keeps the key in KeyNote's plain text form.
    public let passphrase: PassphraseSource?
    /// PBKDF2 iterations when sealing.
    public let iterations: Int

    /// Describes a key file.
    public init(path: String, passphrase: PassphraseSource?, iterations: Int = PassphraseSealedBox.defaultIterations) {
        self.path = path
        self.passphrase = passphrase
        self.iterations = iterations
    }

    /// Reads the key.
    ///
    /// - Throws: ``ProvisioningError`` with code `configuration` when the file
    ///   is missing, readable by others, sealed without a configured
    ///   passphrase (or plain with one), sealed under another passphrase or
    ///   altered, or not a private key.
    public func read() throws(ProvisioningError) -> KeyNotePrivateKey {
        guard let passphrase else {
            do {
                return try KeyFile.read(from: path)
            } catch {
                throw ProvisioningError(.configuration, "PA key: \(error.reason)")
            }
        }
        let bytes: [UInt8]
        do {
            bytes = try OwnerOnlyFile.read(path, limit: Self.maximumSize)
        } catch {
            throw ProvisioningError(.configuration, error.reason)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard PassphraseSealedBox.isSealed(text) else {
            throw ProvisioningError(.configuration, "\(path) is not sealed but a passphrase source is configured; remove the passphrase setting or seal the key")
        }
        var secret = try passphrase.read()
        defer { KeyNoteSecrets.wipe(&secret) }
        var plain: [UInt8]
        do {
            plain = try PassphraseSealedBox.open(text, passphrase: secret)
        } catch {
            throw ProvisioningError(.configuration, "\(path): \(error.code == .authenticationFailed ? "wrong passphrase, or the file was altered" : error.reason)")
        }
        defer { KeyNoteSecrets.wipe(&plain) }
        do {
            return try KeyNotePrivateKey.parse(String(decoding: plain, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw ProvisioningError(.configuration, "\(path): the sealed text is not a private key: \(error.reason)")
        }
    }

    /// Writes `key`, replacing the file atomically.
    public func write(_ key: KeyNotePrivateKey) throws(ProvisioningError) {
        guard let passphrase else {
            do {
                try KeyFile.write(key, to: path)
                return
            } catch {
                throw ProvisioningError(.storage, "PA key: \(error.reason)")
            }
        }
        var secret = try passphrase.read()
        defer { KeyNoteSecrets.wipe(&secret) }
        var plain = Array(key.encoded(.base64).utf8)
        defer { KeyNoteSecrets.wipe(&plain) }
        let sealed: String
        do {
            sealed = try PassphraseSealedBox.seal(plain, passphrase: secret, iterations: iterations)
        } catch {
            throw ProvisioningError(.storage, "cannot seal the PA key: \(error)")
        }
        do {
            try OwnerOnlyFile.write(Array((sealed + "\n").utf8), to: path)
        } catch {
            throw ProvisioningError(.storage, error.reason)
        }
    }
}
