import Foundation
import KeyNoteVectors

// MARK: - Writing a case as run.py does

extension KeyNoteVectors.QueryCase {
    /// run.py `escape_env_value`: a string literal body with the RFC 2704
    /// escapes; other characters as they are (UTF-8).
    static func escapeEnvironmentValue(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 32 || scalar.value == 127 {
                    let octal = String(scalar.value, radix: 8)
                    out += "\\" + String(repeating: "0", count: max(0, 3 - octal.count)) + octal
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// run.py `env_file_text`.
    var environmentFileText: String {
        if let env_file { return env_file }
        return env.map { pair in
            "\(pair.first ?? "") = \"\(Self.escapeEnvironmentValue(pair.count > 1 ? pair[1] : ""))\"\n"
        }.joined()
    }

    /// run.py `authorizer_texts`: every -k file padded with newlines to the
    /// same length (one more than the longest principal text).
    var authorizerFileTexts: [String] {
        guard let longest = authorizers.map({ $0.utf8.count }).max() else { return [] }
        let width = longest + 1
        return authorizers.map { $0 + String(repeating: "\n", count: width - $0.utf8.count) }
    }

    /// run.py `materialize`: writes the case's files into `directory` and
    /// returns the arguments after the command.
    func materialize(in directory: URL) throws -> [String] {
        var arguments = ["verify"]
        try ToolRunner.write(environmentFileText, to: "env", in: directory)
        arguments += ["-e", "env", "-r", values.joined(separator: ",")]
        for (index, text) in authorizerFileTexts.enumerated() {
            let name = "auth\(index + 1)"
            try ToolRunner.write(text, to: name, in: directory)
            arguments += ["-k", name]
        }
        for (index, text) in policies.enumerated() {
            let name = "policy\(index + 1).kn"
            try ToolRunner.write(text, to: name, in: directory)
            arguments += ["-l", name]
        }
        for (index, text) in credentials.enumerated() {
            let name = "cred\(index + 1).kn"
            try ToolRunner.write(text, to: name, in: directory)
            arguments.append(name)
        }
        return arguments
    }
}

/// run.py's classification of a run: a result (exit status 0 and a stdout
/// line `Query result = X`) or an error (anything else).
enum Outcome: Equatable, CustomStringConvertible {
    case result(String)
    case error(String)

    init(_ run: ToolRunner.Run) {
        if run.succeeded, let value = Self.queryResult(in: run.stdoutBytes) {
            self = .result(value)
        } else if run.timedOut {
            self = .error("timeout")
        } else if run.signaled {
            self = .error("crash (signal \(run.status))")
        } else {
            self = .error("status \(run.status): " + (run.stdout + run.stderr).split(separator: "\n").prefix(3).joined(separator: " | "))
        }
    }

    /// The value of the first line `Query result = X` (run.py's
    /// `^Query result = (.*?)\r?$` in multi-line mode: lines end at "\n" only).
    static func queryResult(in stdout: [UInt8]) -> String? {
        let prefix = Array("Query result = ".utf8)
        for line in stdout.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        where line.starts(with: prefix) {
            var value = line.dropFirst(prefix.count)
            if value.last == UInt8(ascii: "\r") { value = value.dropLast() }
            return String(decoding: value, as: UTF8.self)
        }
        return nil
    }

    /// run.py `passes`.
    func passes(expected: String) -> Bool {
        switch self {
        case .result(let value): return !expected.hasPrefix("error:") && value == expected
        case .error: return expected.hasPrefix("error:")
        }
    }

    var description: String {
        switch self {
        case .result(let value): return value
        case .error(let reason): return "error (\(reason))"
        }
    }
}
