/// Exponential backoff with jitter between attempts to reach clearing:
/// doubles from `initial` up to `maximum`, each wait drawn between half
/// and all of the current step, and back to `initial` after a success.
public struct Backoff: Sendable {
    /// The first wait, in milliseconds.
    public let initial: Int
    /// The longest wait, in milliseconds.
    public let maximum: Int
    private var step: Int
    private var generator: SplitMix

    /// Backoff from `initial` to `maximum` milliseconds; `seed` fixes the jitter.
    public init(initialMilliseconds initial: Int = 500, maximumMilliseconds maximum: Int = 60_000, seed: UInt64 = 0x5EED) {
        self.initial = max(1, initial)
        self.maximum = max(self.initial, maximum)
        step = self.initial
        generator = SplitMix(state: seed)
    }

    /// The next wait after a failure, in milliseconds.
    public mutating func nextDelay() -> Int {
        let half = step / 2
        let delay = half + Int(generator.next() % UInt64(step - half + 1))
        step = min(maximum, step * 2)
        return delay
    }

    /// Starts over after a success.
    public mutating func reset() { step = initial }
}

/// A small deterministic generator for jitter (not for secrets).
private struct SplitMix: Sendable {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
