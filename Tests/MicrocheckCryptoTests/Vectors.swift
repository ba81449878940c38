import Foundation
import Testing
@testable import MicrocheckCrypto

/// Access to Tests/Vectors/keynote (reference outputs of OpenBSD keynote(1)).
enum Vectors {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MicrocheckCryptoTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Vectors/keynote")

    static let keysFolder = folder.appendingPathComponent("keys")

    /// Names of the key pairs in keys/, e.g. `rsa1024-b64-a`.
    static let keyNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: keysFolder.path)) ?? []
        return Set(files.filter { $0.hasSuffix(".pub") }.map { String($0.dropLast(4)) }).sorted()
    }()

    /// The raw text of a file in keys/, as keygen wrote it.
    static func keyFile(_ fileName: String) throws -> String {
        try String(contentsOf: keysFolder.appendingPathComponent(fileName), encoding: .utf8)
    }

    /// The unquoted value of a key file: keygen's layout undone (indentation,
    /// quotes, backslash-newline continuations).
    static func keyText(_ fileName: String) throws -> String {
        try unwrap(keyFile(fileName))
    }

    /// Undoes `KeyNoteTextLayout.wrapped` for text made of printable ASCII
    /// without quotes or backslashes.
    static func unwrap(_ text: String) -> String {
        var value = ""
        var lines = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            var part = line.drop { $0 == " " }
            if part.hasSuffix("\\") { part = part.dropLast() }
            value += part
        }
        return value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    static func publicKey(_ name: String) throws -> KeyNoteKey {
        guard let key = try KeyNoteKey.parse(keyText("\(name).pub")) else {
            throw VectorError.notAKey(name)
        }
        return key
    }

    static func privateKey(_ name: String) throws -> KeyNotePrivateKey {
        try KeyNotePrivateKey.parse(keyText("\(name).priv"))
    }

    /// One line of signing.jsonl.
    struct SigningCase: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let key: String
        let publicKey: String
        let algorithm: String
        let unsigned: String
        let signed: String
        let signature: String
        let verifyOnly: Bool
        let note: String

        enum CodingKeys: String, CodingKey {
            case id, key, algorithm, unsigned, signed, signature, note
            case publicKey = "public_key"
            case verifyOnly = "verify_only"
        }

        var testDescription: String { "\(id) \(algorithm) \(key)" }

        /// Key pair name, e.g. `rsa1024-b64-a`.
        var keyName: String { String(key.dropLast(".priv".count)) }

        /// The bytes the signature covers: from the first non-whitespace
        /// character up to and including the newline before the last
        /// `Signature` keyword.
        var signedText: [UInt8] {
            let bytes = Array(unsigned.utf8)
            let keyword = Array("\nSignature".utf8)
            let start = bytes.firstIndex { !KeyNoteHex.isCSpace($0) } ?? bytes.endIndex
            var end = bytes.endIndex
            for index in stride(from: bytes.count - keyword.count, through: 0, by: -1)
            where Array(bytes[index..<index + keyword.count]) == keyword {
                end = index + 1
                break
            }
            return Array(bytes[start..<end])
        }

        /// Whether the case used `keynote sign ... 0 100000` (one line).
        var isSingleLine: Bool { unsigned.hasSuffix(" ") }
    }

    static let signingCases: [SigningCase] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("signing.jsonl")),
              let text = String(data: data, encoding: .utf8)
        else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { line in
            try? decoder.decode(SigningCase.self, from: Data(line.utf8))
        }
    }()

    enum VectorError: Error {
        case notAKey(String)
    }
}
