import Foundation
import MicrobillingStorage

/// Where the passphrase of a sealed PA key file comes from: an environment
/// variable or a file readable by its owner alone. Never a command-line flag,
/// which any user can read in the process list.
public enum PassphraseSource: Sendable, Hashable, CustomStringConvertible {
    /// The value of an environment variable.
    case environment(String)
    /// The first line of a file with mode 0600 or stricter.
    case file(String)

    /// The longest passphrase accepted, in bytes.
    public static let maximumLength = 4096

    /// Reads a source written `env:NAME` or `file:PATH` (relative paths are
    /// resolved by `resolve`).
    ///
    /// - Throws: ``ProvisioningError`` with code `configuration` for any other form.
    public static func parse(_ text: String, resolve: (String) -> String) throws(ProvisioningError) -> PassphraseSource {
        if text.hasPrefix("env:"), text.count > 4 {
            return .environment(String(text.dropFirst(4)))
        }
        if text.hasPrefix("file:"), text.count > 5 {
            return .file(resolve(String(text.dropFirst(5))))
        }
        throw ProvisioningError(.configuration, "expected env:NAME or file:PATH, not \"\(text.prefix(40))\"")
    }

    /// The passphrase's bytes (without a trailing newline).
    ///
    /// - Throws: ``ProvisioningError`` with code `configuration` when the
    ///   variable is unset or empty, or the file is missing, readable by
    ///   others, empty or longer than ``maximumLength``.
    public func read() throws(ProvisioningError) -> [UInt8] {
        let bytes: [UInt8]
        switch self {
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw ProvisioningError(.configuration, "the passphrase variable \(name) is not set")
            }
            bytes = Array(value.utf8)
        case .file(let path):
            let data: [UInt8]
            do {
                data = try OwnerOnlyFile.read(path, limit: Self.maximumLength + 1)
            } catch {
                throw ProvisioningError(.configuration, "the passphrase file: \(error.reason)")
            }
            bytes = Array(data.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") })
        }
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength else {
            throw ProvisioningError(.configuration, "the passphrase from \(self) is empty or longer than \(Self.maximumLength) bytes")
        }
        return bytes
    }

    /// `env:NAME` or `file:PATH`.
    public var description: String {
        switch self {
        case .environment(let name): return "env:\(name)"
        case .file(let path): return "file:\(path)"
        }
    }
}
