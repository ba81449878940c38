#if canImport(Glibc)
import Glibc
#endif

/// Strings from libudev, read with a bound on their length.
enum UdevString {
    /// The longest string taken from libudev; longer ones are cut at this many bytes.
    static let maximumLength = 4096

    /// The C string as Swift text, or nil for a null pointer; at most `limit` bytes are read.
    static func read(_ pointer: UnsafePointer<CChar>?, limit: Int = maximumLength) -> String? {
        guard let pointer else { return nil }
        let length = strnlen(pointer, limit)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
