import Foundation

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
            var status = stat()
            guard stat(path, &status) == 0 else {
                throw ProvisioningError(.configuration, "cannot read the passphrase file \(path): \(String(cString: strerror(errno)))")
            }
            guard status.st_mode & 0o077 == 0 else {
                throw ProvisioningError(.configuration, "the passphrase file \(path) is readable by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
            }
            guard status.st_size <= Self.maximumLength + 1, let data = FileManager.default.contents(atPath: path) else {
                throw ProvisioningError(.configuration, "cannot read the passphrase file \(path) (at most \(Self.maximumLength) bytes)")
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
