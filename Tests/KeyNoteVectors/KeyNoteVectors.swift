import Foundation

/// The conformance vectors in Tests/Vectors/keynote, computed by the reference
/// implementation (OpenBSD libkeynote's keynote(1)); their README describes
/// the fields. Shared by the test targets.
public enum KeyNoteVectors {
    /// Tests/Vectors/keynote, found from this file's place in the repository.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // KeyNoteVectors
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Vectors")
        .appendingPathComponent("keynote")

    /// One line of public.jsonl: a query and the reference's answer.
    public struct QueryCase: Decodable, Sendable, CustomStringConvertible {
        public var id: String
        public var category: String
        public var policies: [String]
        public var credentials: [String]
        public var authorizers: [String]
        public var env: [[String]]
        public var env_file: String?
        public var values: [String]
        public var expected: String
        public var note: String

        public var description: String { id }
    }

    /// One line of signing.jsonl: an assertion, a key and the reference's signature.
    public struct SigningCase: Decodable, Sendable, CustomStringConvertible {
        public var id: String
        public var key: String
        public var public_key: String
        public var algorithm: String
        public var unsigned: String
        public var signed: String
        public var signature: String
        public var verify_only: Bool
        public var note: String

        public var description: String { id }
    }

    /// A vector file that cannot be read, with the line at fault.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Every line of a JSONL file; throws on an unreadable file or line.
    public static func lines<T: Decodable>(_ name: String, as type: T.Type) throws -> [T] {
        let url = directory.appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        let decoder = JSONDecoder()
        var result: [T] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                result.append(try decoder.decode(T.self, from: Data(line)))
            } catch {
                throw LoadError(description: "\(url.path):\(number + 1): \(error)")
            }
        }
        return result
    }

    /// The query cases of public.jsonl.
    public static func queryCases() throws -> [QueryCase] { try lines("public.jsonl", as: QueryCase.self) }

    /// The signing cases of signing.jsonl.
    public static func signingCases() throws -> [SigningCase] { try lines("signing.jsonl", as: SigningCase.self) }

    /// The signing case with this id.
    public static func signingCase(_ id: String) throws -> SigningCase {
        guard let found = try signingCases().first(where: { $0.id == id }) else {
            throw LoadError(description: "no signing case \(id) in signing.jsonl")
        }
        return found
    }

    /// The bytes of a key file in keys/, as `keynote keygen` wrote it.
    public static func keyFile(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: directory.appendingPathComponent("keys").appendingPathComponent(name)))
    }
}
