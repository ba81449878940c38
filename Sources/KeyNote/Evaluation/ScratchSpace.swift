/// Bytes that a query builds while it evaluates (concatenations, `_0`, the
/// special attributes), in one growing buffer that string values refer to
/// by offset.
///
/// A buffer of its own rather than an array, so that reading a value is a
/// pointer, not a closure over the evaluator. A pointer from ``bytes(_:_:)``
/// is valid until the next append. Held by the ``QueryEnvironment``, which
/// frees it with ``deallocate()``.
struct ScratchSpace {
    private var base: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0
    private var capacity = 0

    /// Frees the bytes; the space must not be used again.
    func deallocate() {
        if let base { PlainMemory.free(base) }
    }

    /// `count` bytes from `start`.
    @inline(__always)
    func bytes(_ start: Int, _ count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.map { $0 + start }, count: count)
    }

    /// Appends bytes that are not in this buffer.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        guard let buffer = base else { return }
        (buffer + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends a copy of `count` of this buffer's own bytes from `start`.
    mutating func appendOwn(_ start: Int, _ length: Int) {
        guard length > 0 else { return }
        reserve(length)
        guard let buffer = base else { return }
        (buffer + count).update(from: buffer + start, count: length)
        count += length
    }

    /// Appends the decimal digits of `value`, with a `-` when it is negative.
    mutating func appendDecimal(_ value: Int) {
        CText.withDecimal(value) { append($0) }
    }

    /// Forgets every byte, keeping the room.
    mutating func removeAll() {
        count = 0
    }

    /// Makes room for `extra` more bytes.
    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra, 256)
        let fresh = PlainMemory.allocate(UInt8.self, capacity: grown)
        if let base {
            fresh.update(from: base, count: count)
            PlainMemory.free(base)
        }
        base = fresh
        capacity = grown
    }
}
