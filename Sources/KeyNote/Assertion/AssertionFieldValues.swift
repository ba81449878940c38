import MicrocheckCrypto

/// What an application built on KeyNote reads from an assertion outside any
/// query: who signed it, whom it names, and its Comment.
extension Assertion {
    /// The Authorizer's public key; nil when the Authorizer is not a key
    /// (for example `POLICY`) or cannot be read.
    public var authorizerKey: KeyNoteKey? {
        guard case .key(let key) = try? standaloneAuthorizer(limits: .default) else { return nil }
        return key
    }

    /// The Licensees when the field is one principal (a string, possibly a
    /// Local-Constant), as a string; nil for an expression with `&&`, `||`
    /// or K-of, or no field.
    public var singleLicenseeText: String? {
        guard case .success(let list)? = fixedLicensees, list.count == 1,
              case .success(.some(let root))? = licensees,
              program.nodes[Int(root)].kind == .principal else { return nil }
        return list[0].text.withBytes(in: program) { String(decoding: $0, as: UTF8.self) }
    }

    /// The Comment field as written after its name (continuation lines
    /// included, surrounding whitespace removed); nil without the field.
    public var comment: String? {
        guard let range = fields.comment else { return nil }
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, CText.isSpace(text[lower]) { lower += 1 }
        while upper > lower, CText.isSpace(text[upper - 1]) { upper -= 1 }
        return String(decoding: text[lower..<upper], as: UTF8.self)
    }
}
