import SerialLink
import Synchronization

/// One end of a ``MemoryLine`` pair seen through a fault injector: each
/// write is dropped whole with a fixed seeded probability (a lost IR frame)
/// or has one bit flipped.
final class LossyChannel: ByteChannel, Sendable {
    private let line: MemoryLine
    private let random: Mutex<UInt64>
    let dropRate: Double
    let flipRate: Double

    private init(line: MemoryLine, seed: UInt64, dropRate: Double, flipRate: Double) {
        self.line = line
        random = Mutex(seed)
        self.dropRate = dropRate
        self.flipRate = flipRate
    }

    static func pair(seed: UInt64 = 1, dropRate: Double = 0, flipRate: Double = 0) -> (LossyChannel, LossyChannel) {
        let (a, b) = MemoryLine.pair()
        return (LossyChannel(line: a, seed: seed, dropRate: dropRate, flipRate: flipRate),
                LossyChannel(line: b, seed: seed &+ 1, dropRate: dropRate, flipRate: flipRate))
    }

    /// Three draws in [0, 1) from a linear congruential generator.
    private func draws() -> (Double, Double, Double) {
        random.withLock { state in
            func next() -> Double {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Double(state >> 11) / Double(1 << 53)
            }
            return (next(), next(), next())
        }
    }

    func send(_ bytes: [UInt8]) throws(SerialLinkError) {
        let (drop, flip, place) = draws()
        if drop < dropRate { return }
        var copy = bytes
        if flip < flipRate, !copy.isEmpty {
            let position = Int(place * Double(copy.count * 8))
            copy[position / 8 % copy.count] ^= UInt8(1 << (position % 8))
        }
        try line.send(copy)
    }

    func receive(maximum: Int, timeout: Duration) throws(SerialLinkError) -> [UInt8] {
        try line.receive(maximum: maximum, timeout: timeout)
    }
}
