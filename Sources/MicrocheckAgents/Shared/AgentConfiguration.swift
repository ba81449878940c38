import Foundation
import MicrocheckCrypto
import SerialLink

/// An agent's configuration file, loaded: typed settings whose errors name
/// the file, line and column; relative paths are relative to the file's folder.
public struct AgentConfiguration: Sendable {
    /// A setting that cannot be used.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        /// The file, line, column and reason.
        public var description: String
    }

    /// The file's path.
    public let path: String
    private let folder: String
    private let file: ConfigFile

    /// Reads the file at `path`, accepting only `known` settings.
    public init(path: String, known: Set<String>) throws(AgentConfiguration.Error) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error(description: "cannot read \(path)")
        }
        self.path = path
        folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            file = try ConfigFile(String(decoding: data, as: UTF8.self), known: known)
        } catch {
            throw Error(description: "\(path): \(error)")
        }
    }

    /// Whether `name` is set.
    public func isSet(_ name: String) -> Bool { file.optional(name) != nil }

    /// The value of `name` read by `read`; nil when not set. An error of `read` is located at the value.
    public func optional<T>(_ name: String, _ read: (String) throws -> T) throws(AgentConfiguration.Error) -> T? {
        guard let text = file.optional(name) else { return nil }
        do {
            return try read(text)
        } catch {
            throw Error(description: "\(path): \(file.error(name, "\(error)"))")
        }
    }

    /// The value of `name` read by `read`; an error when not set.
    public func required<T>(_ name: String, _ read: (String) throws -> T) throws(AgentConfiguration.Error) -> T {
        guard let value = try optional(name, read) else { throw Error(description: "\(path): \(name) is not set") }
        return value
    }

    /// A path setting, resolved against the file's folder.
    public func resolve(_ file: String) -> String { file.hasPrefix("/") ? file : folder + "/" + file }

    /// The TCP port of `name`, 0 to 65535; nil when not set.
    public func port(_ name: String) throws(AgentConfiguration.Error) -> Int? {
        try integer(name, in: 0...65_535, expecting: "a port, 0-65535")
    }

    /// The whole number of `name`, which must lie in `range`; nil when not set.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws(AgentConfiguration.Error) -> Int? {
        try integer(name, in: range, expecting: "a number in \(range)")
    }

    private func integer(_ name: String, in range: ClosedRange<Int>, expecting: String) throws(AgentConfiguration.Error) -> Int? {
        try optional(name) { text in
            guard let value = Int(text), range.contains(value) else { throw Error(description: expecting) }
            return value
        }
    }

    /// The line speed of `name`, 9,600 when not set.
    public func baud(_ name: String = "baud") throws(AgentConfiguration.Error) -> BaudRate {
        try optional(name) { text in
            guard let value = Int(text).flatMap(BaudRate.init(rawValue:)) else {
                throw Error(description: "\(text) is not one of \(BaudRate.allCases.map(\.rawValue))")
            }
            return value
        } ?? .b9600
    }

    /// The public keys listed one per line in the file named by `name`.
    public func publicKeys(_ name: String) throws(AgentConfiguration.Error) -> [KeyNoteKey] {
        try required(name) { file in
            guard let data = FileManager.default.contents(atPath: resolve(file)), data.count <= 1024 * 1024 else {
                throw Error(description: "cannot read \(file)")
            }
            return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
                guard let key = try KeyNoteKey.parse(line.trimmingCharacters(in: .whitespaces)) else {
                    throw Error(description: "\"\(line.prefix(20))\" is not a key")
                }
                return key
            }
        }
    }
}
