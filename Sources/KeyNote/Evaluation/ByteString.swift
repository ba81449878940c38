/// Bytes used as a dictionary key (opaque principals, patterns),
/// hashed in one pass: hashing `[UInt8]` itself feeds the hasher one byte
/// at a time, which dominated the cost of a query.
struct ByteString: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
