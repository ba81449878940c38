/// The agents' configuration files: `name = value` lines, `#` comments,
/// blank lines ignored. Every error names its line and column; unknown
/// names are errors, so a misspelt setting is never silently dropped.
public struct ConfigFile: Sendable {
    /// An error in a configuration file.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// Line, from 1.
        public var line: Int
        /// Column, from 1.
        public var column: Int
        /// What is wrong.
        public var reason: String

        public var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// The most bytes a configuration file may have.
    public static let maximumSize = 64 * 1024

    private var values: [String: (value: String, line: Int, column: Int)] = [:]

    /// Parses `text`, accepting only the names in `known`.
    public init(_ text: String, known: Set<String>) throws(ConfigFile.Error) {
        guard text.utf8.count <= Self.maximumSize else {
            throw Error(line: 1, column: 1, reason: "the file has \(text.utf8.count) bytes, at most \(Self.maximumSize)")
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let trimmed = raw.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let column = raw.count - trimmed.count + 1
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw Error(line: line, column: column, reason: "expected name = value")
            }
            let name = trimmed[..<equals].trimmingCharacters(in: " \t")
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: " \t\r")
            guard known.contains(name) else {
                throw Error(line: line, column: column, reason: "unknown setting \"\(name)\" (known: \(known.sorted().joined(separator: ", ")))")
            }
            guard values[name] == nil else { throw Error(line: line, column: column, reason: "\(name) is set twice") }
            let valueColumn = column + trimmed.distance(from: trimmed.startIndex, to: equals) + 1
                + (trimmed[trimmed.index(after: equals)...].prefix { $0 == " " || $0 == "\t" }.count)
            values[name] = (value, line, valueColumn)
        }
    }

    /// The value of `name`, or nil when not set.
    public func optional(_ name: String) -> String? { values[name]?.value }

    /// An error about the value of `name`, located at that value.
    public func error(_ name: String, _ reason: String) -> ConfigFile.Error {
        let place = values[name]
        return Error(line: place?.line ?? 1, column: place?.column ?? 1, reason: "\(name): \(reason)")
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
