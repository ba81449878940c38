/// The action attributes of a session, name to value (RFC 2704 section 5.1).
///
/// A plain list searched from the start: a query reads a handful of
/// attributes with short names, and comparing them is cheaper than hashing
/// them. The list is bounded by ``KeyNoteLimits/maxAttributes``.
struct AttributeTable: Sendable {
    private var entries: [NamedValue] = []

    /// Room made at the first attribute: a typical action sets a few.
    private static let initialCapacity = 8

    /// The value of `name`, if set.
    func value(of name: [UInt8]) -> [UInt8]? {
        for entry in entries where entry.name == name {
            return entry.value
        }
        return nil
    }

    /// Sets `name` to `value`, replacing an earlier value; false when the
    /// name is new and the table already holds `limit` attributes.
    mutating func set(_ name: [UInt8], _ value: [UInt8], limit: Int) -> Bool {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            entries[index].value = value
            return true
        }
        guard entries.count < limit else { return false }
        if entries.isEmpty {
            entries.reserveCapacity(Self.initialCapacity)
        }
        entries.append(NamedValue(name: name, value: value))
        return true
    }
}
