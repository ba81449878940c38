/// The groups `_0` … `_31` of the last `~=` match in a clause, in a fixed
/// room of 32 values. A query keeps one for all its evaluators
/// (``QueryEnvironment/groups``), so that a match allocates nothing: groups
/// live within one clause, and a clause is evaluated to its end before any
/// other assertion is.
struct MatchGroups {
    /// The most groups kept: `_0` to `_31`.
    static let capacity = 32

    private var values = InlineArray<32, StringValue>(repeating: .empty)
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The group at `index`, which must be below ``count``.
    subscript(index: Int) -> StringValue {
        precondition(index >= 0 && index < count, "MatchGroups index out of range")
        return values[index]
    }

    /// Adds a group after the others; one past ``capacity`` is dropped.
    mutating func append(_ value: StringValue) {
        guard count < Self.capacity else { return }
        values[count] = value
        count += 1
    }

    /// Sets `_0`, adding it when there is no group yet.
    mutating func setFirst(_ value: StringValue) {
        if count == 0 { append(value) } else { values[0] = value }
    }

    mutating func removeAll() {
        count = 0
    }
}
