/// The action attributes of a session, name to value (RFC 2704 section 5.1).
///
/// Names and values live in one byte buffer, and a plain list of entries
/// gives their ranges; a query reads a handful of attributes with short
/// names, and comparing them is cheaper than hashing them. The list is
/// bounded by ``KeyNoteLimits/maxAttributes``.
struct AttributeTable: Sendable {
    /// Where one attribute's name and value are in the bytes.
    struct Entry: Sendable {
        var nameStart: Int32
        var nameCount: Int32
        var valueStart: Int32
        var valueCount: Int32
    }

    private var entries: [Entry] = []
    private var bytes: [UInt8] = []
    /// Bytes of values that were replaced and are no longer referred to.
    private var unused = 0

    /// Room made at the first attribute: a typical action sets a few short ones.
    private static let initialEntries = 8
    private static let initialBytes = 256

    /// Sets `name` to `value`, replacing an earlier value; false when the
    /// name is new and the table already holds `limit` attributes.
    mutating func set(_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>, limit: Int) -> Bool {
        let existing = bytes.withUnsafeBufferPointer { all in
            entries.firstIndex { Int($0.nameCount) == name.count && CText.equal(Self.name(of: $0, in: all), name) }
        }
        if existing == nil, entries.count >= limit { return false }
        if entries.isEmpty {
            entries.reserveCapacity(Self.initialEntries)
            bytes.reserveCapacity(Self.initialBytes)
        }
        if let existing {
            unused += Int(entries[existing].valueCount)
            let valueStart = Int32(bytes.count)
            bytes.append(contentsOf: value)
            entries[existing].valueStart = valueStart
            entries[existing].valueCount = Int32(value.count)
            if unused > bytes.count / 2 { compact() }
            return true
        }
        let nameStart = Int32(bytes.count)
        let valueStart = nameStart + Int32(name.count)
        // Name and value joined first: one append costs less than two.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + value.count) { joined in
            _ = joined.initialize(fromContentsOf: name)
            _ = UnsafeMutableBufferPointer(rebasing: joined[name.count...]).initialize(fromContentsOf: value)
            bytes.append(contentsOf: UnsafeBufferPointer(joined))
        }
        entries.append(Entry(nameStart: nameStart, nameCount: Int32(name.count),
                             valueStart: valueStart, valueCount: Int32(value.count)))
        return true
    }

    /// Rewrites the bytes without the values that were replaced.
    private mutating func compact() {
        var fresh: [UInt8] = []
        fresh.reserveCapacity(bytes.count - unused)
        for index in entries.indices {
            let entry = entries[index]
            let nameStart = Int32(fresh.count)
            fresh.append(contentsOf: bytes[Int(entry.nameStart)..<Int(entry.nameStart + entry.nameCount)])
            let valueStart = Int32(fresh.count)
            fresh.append(contentsOf: bytes[Int(entry.valueStart)..<Int(entry.valueStart + entry.valueCount)])
            entries[index].nameStart = nameStart
            entries[index].valueStart = valueStart
        }
        bytes = fresh
        unused = 0
    }

    private static func name(of entry: Entry, in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(entry.nameStart)..<Int(entry.nameStart + entry.nameCount)])
    }

    /// Calls `body` with a view of the table that is valid inside it.
    func withView<Result, Failure: Error>(_ body: (View) throws(Failure) -> Result) throws(Failure) -> Result {
        let outcome = entries.withUnsafeBufferPointer { entries in
            bytes.withUnsafeBufferPointer { bytes in
                Swift.Result { () throws(Failure) -> Result in try body(View(entries: entries, bytes: bytes)) }
            }
        }
        return try outcome.get()
    }

    /// The table as a query reads it: pointers, valid only inside ``withView(_:)``.
    struct View {
        let entries: UnsafeBufferPointer<Entry>
        /// The names and values.
        let bytes: UnsafeBufferPointer<UInt8>

        /// An empty table, for evaluation outside a query.
        static var empty: View {
            View(entries: UnsafeBufferPointer(start: nil, count: 0), bytes: UnsafeBufferPointer(start: nil, count: 0))
        }

        /// The range of the value of `name` in ``bytes``, if it is set.
        func value(of name: UnsafeBufferPointer<UInt8>) -> Range<Int32>? {
            for entry in entries where Int(entry.nameCount) == name.count {
                if CText.equal(AttributeTable.name(of: entry, in: bytes), name) {
                    return entry.valueStart..<entry.valueStart + entry.valueCount
                }
            }
            return nil
        }
    }
}
