extension Array {
    /// `count` copies of `value`, like `Array(repeating:count:)`, but built
    /// with `reserveCapacity` and `append`, which the compiler specializes
    /// for the element type; `Array(repeating:count:)` allocates through an
    /// unspecialized runtime function that looks up type metadata each time.
    init(filledWith value: Element, count: Int) {
        self.init()
        reserveCapacity(count)
        for _ in 0..<count {
            append(value)
        }
    }
}
