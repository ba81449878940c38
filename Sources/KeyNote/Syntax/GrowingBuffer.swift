/// A buffer of plain values that grows by doubling, without the reference
/// counting and uniqueness checks of an array; its owner frees it with
/// ``deallocate()``.
///
/// Pointers into it (``buffer``) are valid until the next append.
struct GrowingBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    /// An empty buffer with room for `capacity` values.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = PlainMemory.allocate(Element.self, capacity: self.capacity)
    }

    /// The values, valid until the next append.
    var buffer: UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base, count: count)
    }

    /// The value at `index`, which must be below ``count``.
    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "GrowingBuffer index out of range")
        return base[index]
    }

    mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Appends values that are not in this buffer.
    mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let source = values.baseAddress, !values.isEmpty else { return }
        if count + values.count > capacity { grow(to: count + values.count) }
        (base + count).initialize(from: source, count: values.count)
        count += values.count
    }

    /// Removes the values from `start` to the end.
    mutating func removeLast(from start: Int) {
        precondition(start >= 0 && start <= count, "GrowingBuffer range out of range")
        count = start
    }

    /// Frees the values; the buffer must not be used again.
    func deallocate() {
        PlainMemory.free(base)
    }

    private mutating func grow(to needed: Int) {
        let grown = max(capacity * 2, needed)
        let fresh = PlainMemory.allocate(Element.self, capacity: grown)
        fresh.initialize(from: base, count: count)
        PlainMemory.free(base)
        base = fresh
        capacity = grown
    }
}
