/// A small seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014):
/// the same seed gives the same sequence on every run and platform, so simulated
/// faults are reproducible. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform value in (0, 1], never 0 (so its logarithm is finite).
    public mutating func nextUnitInterval() -> Double {
        Double((next() >> 11) + 1) / Double(UInt64(1) << 53)
    }
}
