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

    /// The temporary attributes libkeynote (keynote.y 1.19, the `~=` rule) sets
    /// after a successful match, in order:
    ///
    /// - `_0`: the number of groups in the pattern (`re_nsub`) in decimal — not the
    ///   matched text, and not the number of groups that took part;
    /// - `_1`, `_2`, …: the text of each group, starting at 1 and stopping before
    ///   the first group that did not take part, and after group 31 (libkeynote
    ///   passes 32 `regmatch_t` to `regexec`). A group that matched the empty
    ///   string gives an empty value; a group after a non-participating one is not
    ///   set even if it matched (`(a)|(b)` on `b` sets only `_0` = `2`).
    ///
    /// Names that are not set read as the empty string in libkeynote.
    func keyNoteAttributes() -> [NamedValue] {
        if numberOfGroups == 0 { return Self.withoutGroups }
        var attributes = [NamedValue(name: Self.groupNames[0], value: Array(String(numberOfGroups).utf8))]
        var group = 1
        while group < min(ranges.count, 32), let range = ranges[group] {
            attributes.append(NamedValue(name: Self.groupNames[group], value: Array(subject[range])))
            group += 1
        }
        return attributes
    }

    /// The attributes of a match of a pattern without groups (`_0` = `0`),
    /// made once: most patterns have no groups.
    private static let withoutGroups = [NamedValue(name: groupNames[0], value: Array("0".utf8))]

    /// `_0` ... `_31`, made once.
    private static let groupNames: [[UInt8]] = (0..<32).map { Array("_\($0)".utf8) }
}
