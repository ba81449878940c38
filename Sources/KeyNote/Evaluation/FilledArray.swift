extension Array {
    /// `count` copies of `value`, like `Array(repeating:count:)`, but
    /// allocated through the inlinable uninitialized-capacity initializer,
    /// which the compiler specializes; `Array(repeating:count:)` calls an
    /// unspecialized runtime function that looks up type metadata each time.
    init(filledWith value: Element, count: Int) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: value)
            initialized = buffer.count
        }
    }
}
