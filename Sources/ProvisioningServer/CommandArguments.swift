import ArgumentParser
import Foundation
import MicrocheckCrypto

/// A key algorithm named on the command line.
enum KeyAlgorithmOption: String, ExpressibleByArgument {
    case ed25519
    case rsa

    /// A new key of this algorithm.
    func generate(bits: Int) throws -> KeyNotePrivateKey {
        switch self {
        case .ed25519: return try KeyNotePrivateKey.generate(.ed25519, bits: 256)
        case .rsa: return try KeyNotePrivateKey.generate(.rsa, bits: bits)
        }
    }
}

/// A payer named on the command line: a principal, a file holding one, or a fingerprint.
enum PrincipalArgument {
    /// The key in `text`, or in the file `text` names (as keynote(1) keygen writes it, or on one line).
    static func read(_ text: String) throws -> KeyNoteKey {
        if let key = try? KeyNoteKey.parse(text) { return key }
        guard let data = FileManager.default.contents(atPath: text), data.count <= 64 * 1024 else {
            throw ValidationError("\(text.prefix(40)) is neither a KeyNote public key nor a readable file")
        }
        // keynote(1) keygen writes the principal quoted and wrapped with backslashes.
        let joined = String(decoding: data, as: UTF8.self).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .map { $0.hasSuffix("\\") ? String($0.dropLast()) : $0 }
            .joined()
            .trimmingCharacters(in: CharacterSet(charactersIn: "\" \t\r"))
        guard let key = try KeyNoteKey.parse(joined) else {
            throw ValidationError("\(text) does not hold a KeyNote public key")
        }
        return key
    }

    /// The fingerprint of the payer in `text` (a 32-digit hex fingerprint is taken as it is).
    static func fingerprint(_ text: String) throws -> String {
        if text.utf8.count == 32, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) { return text }
        return try read(text).fingerprint
    }
}
