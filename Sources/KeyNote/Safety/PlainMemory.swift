import Glibc

/// Memory for plain values, from `malloc`.
///
/// On Linux `UnsafeMutablePointer.allocate` always takes the runtime's
/// aligned path (`posix_memalign`), which costs about twice a `malloc`;
/// the engine allocates a few such buffers for every assertion and query.
/// `malloc`'s alignment (16 bytes) covers every type stored this way.
enum PlainMemory {
    /// Room for `capacity` values of `type` (at least one), uninitialized.
    /// `type` must be plain (no references: its values are never
    /// deinitialized). Running out of memory traps, as Swift's own
    /// allocations do.
    static func allocate<Element>(_ type: Element.Type, capacity: Int) -> UnsafeMutablePointer<Element> {
        precondition(_isPOD(Element.self), "PlainMemory holds plain values only")
        precondition(MemoryLayout<Element>.alignment <= 16, "PlainMemory holds types aligned to at most 16 bytes")
        guard let raw = malloc(max(capacity, 1) * MemoryLayout<Element>.stride) else {
            preconditionFailure("out of memory")
        }
        return raw.bindMemory(to: Element.self, capacity: max(capacity, 1))
    }

    /// Frees memory from ``allocate(_:capacity:)``.
    static func free<Element>(_ pointer: UnsafeMutablePointer<Element>) {
        Glibc.free(pointer)
    }
}
