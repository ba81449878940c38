/// A successful match of a ``POSIXRegex``: byte ranges into the subject.
struct RegexMatch: Sendable, Hashable {
    /// The subject as matched (up to its first NUL).
    let subject: [UInt8]
    /// Index 0: the whole match; index i: group i, nil if it did not take part
    /// in the match. There are ``POSIXRegex/numberOfGroups`` + 1 entries.
    let ranges: [Range<Int>?]

    /// The number of parenthesized groups of the pattern.
    var numberOfGroups: Int { ranges.count - 1 }

    /// The bytes of group `group` (0 is the whole match), nil if it did not take part.
    subscript(group: Int) -> ArraySlice<UInt8>? {
        ranges[group].map { subject[$0] }
    }

    /// Group `group` decoded as UTF-8, nil if it did not take part. Matching is
    /// per byte, so a group may cut a multi-byte character; such bytes decode as U+FFFD.
    func string(_ group: Int) -> String? {
        self[group].map { String(decoding: $0, as: UTF8.self) }
    }
}
