/// The action attributes of a session, name to value (RFC 2704 section 5.1).
///
/// A plain list searched from the start: a query reads a handful of
/// attributes with short names, and comparing them is cheaper than hashing
/// them. The list is bounded by ``KeyNoteLimits/maxAttributes``.
struct AttributeTable: Sendable {
    private var names: [[UInt8]] = []
    private var values: [[UInt8]] = []

    /// The value of `name`, if set.
    func value(of name: [UInt8]) -> [UInt8]? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// Sets `name` to `value`, replacing an earlier value; false when the
    /// name is new and the table already holds `limit` attributes.
    mutating func set(_ name: [UInt8], _ value: [UInt8], limit: Int) -> Bool {
        if let index = names.firstIndex(of: name) {
            values[index] = value
            return true
        }
        guard names.count < limit else { return false }
        names.append(name)
        values.append(value)
        return true
    }
}
