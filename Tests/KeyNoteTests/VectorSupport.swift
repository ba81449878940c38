import Foundation

/// Locates the conformance vectors copied into the repository
/// (Tests/Vectors/keynote, computed by the reference keynote(1)).
enum Vectors {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Vectors/keynote")

    /// One line of public.jsonl.
    struct QueryCase: Decodable, Sendable, CustomStringConvertible {
        var id: String
        var category: String
        var policies: [String]
        var credentials: [String]
        var authorizers: [String]
        var env: [[String]]
        var env_file: String?
        var values: [String]
        var expected: String
        var note: String

        var description: String { id }
    }

    /// One line of signing.jsonl.
    struct SigningCase: Decodable, Sendable, CustomStringConvertible {
        var id: String
        var key: String
        var public_key: String
        var algorithm: String
        var unsigned: String
        var signed: String
        var signature: String
        var verify_only: Bool
        var note: String

        var description: String { id }
    }

    static func lines<T: Decodable>(_ name: String, as type: T.Type) -> [T] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)),
              let text = String(data: data, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { line in
            try? decoder.decode(T.self, from: Data(line.utf8))
        }
    }

    static let queryCases: [QueryCase] = lines("public.jsonl", as: QueryCase.self)
    static let signingCases: [SigningCase] = lines("signing.jsonl", as: SigningCase.self)

    static func keyFile(_ name: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: directory.appendingPathComponent("keys").appendingPathComponent(name)))) ?? []
    }
}
