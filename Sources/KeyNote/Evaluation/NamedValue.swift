/// A name and its value, both bytes: an action attribute, or a group of the
/// last `~=` match (`_0`, `_1`, ...).
///
/// A struct rather than a tuple: arrays of tuples are torn down through the
/// runtime's generic tuple witness, one element at a time.
struct NamedValue: Sendable {
    var name: [UInt8]
    var value: [UInt8]
}
