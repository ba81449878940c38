#if canImport(Glibc)
import Glibc
#endif

/// Flips data bits independently with probability `rate`, drawing the gap to the
/// next flipped bit from a geometric distribution (one random draw per error, not per bit).
/// The flips depend only on the seed and the number of bits seen, not on how bytes are grouped.
struct BitErrorInjector: Sendable {
    private let rate: Double
    private var random: SplitMix64
    /// Correct bits to pass before the next flipped one.
    private var bitsUntilNextError: Int

    init(rate: Double, seed: UInt64) {
        self.rate = rate
        random = SplitMix64(seed: seed)
        bitsUntilNextError = 0
        bitsUntilNextError = drawGap()
    }

    /// Returns `byte` with its errors applied and how many bits were flipped.
    mutating func corrupt(_ byte: UInt8) -> (byte: UInt8, flipped: Int) {
        var result = byte
        var flipped = 0
        var position = 0
        while bitsUntilNextError < 8 - position {
            position += bitsUntilNextError
            result ^= UInt8(1) << UInt8(position)
            flipped += 1
            position += 1
            bitsUntilNextError = drawGap()
        }
        bitsUntilNextError -= 8 - position
        return (result, flipped)
    }

    private mutating func drawGap() -> Int {
        if rate <= 0 { return Int.max }
        if rate >= 1 { return 0 }
        let gap = (log(random.nextUnitInterval()) / log1p(-rate)).rounded(.down)
        return gap < Double(Int.max / 2) ? Int(gap) : Int.max / 2
    }
}
