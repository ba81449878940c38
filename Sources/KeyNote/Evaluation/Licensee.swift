/// One principal of a Licensees field: its text as evaluated, and the
/// principal it decodes to (RFC 2704 sections 4.6.4, 5.2).
///
/// A struct rather than a tuple: arrays of tuples are torn down through the
/// runtime's generic tuple witness, one element at a time.
struct Licensee: Sendable {
    let text: FixedBytes
    let principal: Principal
}
