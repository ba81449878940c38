#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a text as the reference (C code) sees them: its UTF-8 up to
/// the first NUL, if any. Working on a contiguous buffer keeps the decoding
/// of keys and signatures fast.
enum CStringBytes {
    /// Calls `body` with the UTF-8 bytes of `text` before its first NUL.
    static func with<Result>(_ text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var string = String(text)
        return string.withUTF8 { buffer in
            body(buffer.beforeNUL)
        }
    }

    /// `with(_:_:)` for a body that throws a `KeyNoteCryptoError`.
    static func with<Value>(
        _ text: some StringProtocol,
        _ body: (UnsafeBufferPointer<UInt8>) throws(KeyNoteCryptoError) -> Value
    ) throws(KeyNoteCryptoError) -> Value {
        let result: Result<Value, KeyNoteCryptoError> = with(text) { bytes in
            Result { () throws(KeyNoteCryptoError) in try body(bytes) }
        }
        return try result.get()
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes before the first NUL (all of them when there is none), as
    /// a C function would see them; found with `memchr`.
    var beforeNUL: UnsafeBufferPointer<UInt8> {
        guard let base = baseAddress, let nul = memchr(base, 0, count) else { return self }
        return UnsafeBufferPointer(start: base, count: base.distance(to: nul.assumingMemoryBound(to: UInt8.self)))
    }

    /// The bytes after the first `count` (all of them gone if fewer), still
    /// as a buffer.
    func droppingFirst(_ count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self[Swift.min(count, self.count)...])
    }
}
