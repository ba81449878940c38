/// Conditions on numeric attributes that a missing or malformed value cannot
/// satisfy by accident.
///
/// `@amount <= 151` holds when `amount` is absent, `-1`, `1e9` or `abc`,
/// because the reference reads anything that is not digits as 0 (see
/// <doc:Traps>). A guarded test first requires the attribute to be a plain
/// decimal integer short enough not to wrap a 32-bit `int`, in the same
/// clause:
///
/// ```swift
/// GuardedCondition.integer("amount", .lessOrEqual, 151)
/// // amount ~= "^(0|[1-9][0-9]{0,8})$" && @amount <= 151
/// ```
public enum GuardedCondition {
    /// A comparison of an integer attribute with a constant.
    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<"
        case lessOrEqual = "<="
        case equal = "=="
        case notEqual = "!="
        case greaterOrEqual = ">="
        case greater = ">"
    }

    /// The pattern of the integers a guarded test accepts: no sign, no
    /// leading zero, at most nine digits (below 2^31, so `@` cannot wrap).
    public static let integerPattern = "^(0|[1-9][0-9]{0,8})$"

    /// A test that holds only when `attribute` is a decimal integer of at
    /// most nine digits and compares to `value` as asked.
    ///
    /// - Throws: ``KeyNoteError/Code-swift.struct/invalidAttribute`` when
    ///   `attribute` is not a name the Conditions language can read (a
    ///   letter or `_`, then letters, digits and `_`).
    public static func integer(_ attribute: String, _ comparison: Comparison, _ value: Int32) throws(KeyNoteError) -> String {
        try checkName(attribute)
        let literal = value < 0 ? "-\(value.magnitude)" : "\(value)"
        return "\(attribute) ~= \"\(integerPattern)\" && @\(attribute) \(comparison.rawValue) \(literal)"
    }

    private static func checkName(_ name: String) throws(KeyNoteError) {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, CText.isLetter(first) || first == UInt8(ascii: "_"),
              bytes.allSatisfy({ CText.isLetter($0) || CText.isDigit($0) || $0 == UInt8(ascii: "_") }),
              !["true", "false"].contains(name.lowercased()) else {
            throw KeyNoteError(.invalidAttribute, "\"\(name)\" is not an attribute name the Conditions language can read")
        }
    }
}
