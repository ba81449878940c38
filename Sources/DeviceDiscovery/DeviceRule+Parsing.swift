extension DeviceRule {
    /// The longest line the text form accepts, in Unicode scalars.
    public static let maximumLineLength = 1024
    /// The most rules ``parseList(_:)`` accepts.
    public static let maximumRuleCount = 256

    /// Parses one rule from its text form: `key=value` tokens separated by spaces or tabs.
    ///
    /// Keys: `vendor` and `model` (four hexadecimal digits), `driver`, `name`, `role`
    /// (letters, digits, `_`, `-`, `.`; at most 64), `devnode` (an absolute glob, at most
    /// 512 characters). Each key at most once; at least one of vendor, model, driver,
    /// devnode. A `#` at the start of a token begins a comment. Example:
    /// `vendor=0403 model=6001 driver=ftdi_sio devnode=/dev/ttyUSB* name=front-ir`.
    ///
    /// - Parameters:
    ///   - text: one line of rule text.
    ///   - line: the line number reported in errors.
    /// - Throws: ``DeviceRuleSyntaxError`` with the column of the offending token or value.
    public init(parsing text: String, line: Int = 1) throws(DeviceRuleSyntaxError) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= Self.maximumLineLength else {
            throw DeviceRuleSyntaxError(.tooLong, "a rule line is longer than \(Self.maximumLineLength) characters",
                                        line: line, column: Self.maximumLineLength + 1)
        }
        var rule = DeviceRule()
        var seen: Set<String> = []
        for token in Self.tokens(of: scalars) {
            guard let equals = token.text.firstIndex(of: "=") else {
                throw DeviceRuleSyntaxError(.expectedKeyValue, "expected key=value, found '\(String(token.text))'",
                                            line: line, column: token.column)
            }
            let key = String(token.text[..<equals])
            let value = String(token.text[token.text.index(after: equals)...])
            let valueColumn = token.column + key.unicodeScalars.count + 1
            guard seen.insert(key).inserted else {
                throw DeviceRuleSyntaxError(.duplicateKey, "'\(key)' appears twice", line: line, column: token.column)
            }
            func invalid(_ why: String) -> DeviceRuleSyntaxError {
                DeviceRuleSyntaxError(.invalidValue, "\(key): \(why)", line: line, column: valueColumn)
            }
            switch key {
            case "vendor", "model":
                guard value.unicodeScalars.count == 4, value.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit) else {
                    throw invalid("expected four hexadecimal digits, found '\(value)'")
                }
                if key == "vendor" { rule.vendorID = value.lowercased() } else { rule.modelID = value.lowercased() }
            case "driver", "name", "role":
                guard (1...64).contains(value.unicodeScalars.count), value.unicodeScalars.allSatisfy(Self.isNameScalar) else {
                    throw invalid("expected 1 to 64 letters, digits, '_', '-' or '.', found '\(value)'")
                }
                switch key {
                case "driver": rule.driver = value
                case "name": rule.name = value
                default: rule.role = value
                }
            case "devnode":
                guard value.hasPrefix("/"), value.unicodeScalars.count <= 512 else {
                    throw invalid("expected an absolute path pattern of at most 512 characters, found '\(value)'")
                }
                rule.devnodePattern = value
            default:
                throw DeviceRuleSyntaxError(.unknownKey, "unknown key '\(key)'", line: line, column: token.column)
            }
        }
        guard !rule.isUnconstrained else {
            throw DeviceRuleSyntaxError(.unconstrained, "a rule needs at least one of vendor, model, driver, devnode",
                                        line: line, column: 1)
        }
        self = rule
    }

    /// Parses rules, one per line; blank lines and lines starting with `#` are skipped.
    ///
    /// - Throws: ``DeviceRuleSyntaxError`` for the first bad line, or when there are more
    ///   than ``maximumRuleCount`` rules.
    public static func parseList(_ text: String) throws(DeviceRuleSyntaxError) -> [DeviceRule] {
        var rules: [DeviceRule] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !tokens(of: Array(line.unicodeScalars)).isEmpty else { continue }
            guard rules.count < maximumRuleCount else {
                throw DeviceRuleSyntaxError(.tooLong, "more than \(maximumRuleCount) rules", line: lineNumber, column: 1)
            }
            rules.append(try DeviceRule(parsing: String(line), line: lineNumber))
        }
        return rules
    }

    /// The whitespace-separated tokens of a line up to a comment, with their 1-based columns.
    private static func tokens(of scalars: [Unicode.Scalar]) -> [(text: Substring, column: Int)] {
        var result: [(text: Substring, column: Int)] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\r" {
                index += 1
                continue
            }
            if scalars[index] == "#" { break }
            let start = index
            while index < scalars.count, scalars[index] != " ", scalars[index] != "\t", scalars[index] != "\r" {
                index += 1
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<index])
            result.append((Substring(String(text)), start + 1))
        }
        return result
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-" || scalar == ".")
    }
}
