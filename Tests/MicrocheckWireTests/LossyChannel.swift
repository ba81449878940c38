import Foundation
import SerialLink

/// Two connected in-memory byte channels; each write from either side is
/// dropped whole with a fixed seeded probability (a lost IR frame) or has
/// one bit flipped.
final class LossyChannel: ByteChannel, @unchecked Sendable {
    private let condition = NSCondition()
    private var inbox: [UInt8] = []
    private var random: UInt64
    weak var peer: LossyChannel?
    let dropRate: Double
    let flipRate: Double

    init(seed: UInt64, dropRate: Double, flipRate: Double) {
        random = seed
        self.dropRate = dropRate
        self.flipRate = flipRate
    }

    static func pair(seed: UInt64 = 1, dropRate: Double = 0, flipRate: Double = 0) -> (LossyChannel, LossyChannel) {
        let a = LossyChannel(seed: seed, dropRate: dropRate, flipRate: flipRate)
        let b = LossyChannel(seed: seed &+ 1, dropRate: dropRate, flipRate: flipRate)
        a.peer = b
        b.peer = a
        return (a, b)
    }

    private func next() -> Double {
        random = random &* 6364136223846793005 &+ 1442695040888963407
        return Double(random >> 11) / Double(1 << 53)
    }

    func send(_ bytes: [UInt8]) throws(SerialLinkError) {
        guard let peer else { throw SerialLinkError("write: the other side is gone") }
        condition.lock()
        let drop = next() < dropRate
        let flip = next() < flipRate
        let position = Int(next() * Double(max(1, bytes.count * 8)))
        condition.unlock()
        if drop { return }
        var copy = bytes
        if flip, !copy.isEmpty { copy[position / 8 % copy.count] ^= UInt8(1 << (position % 8)) }
        peer.deliver(copy)
    }

    private func deliver(_ bytes: [UInt8]) {
        condition.lock()
        inbox += bytes
        condition.broadcast()
        condition.unlock()
    }

    func receive(maximum: Int, timeout: Duration) throws(SerialLinkError) -> [UInt8] {
        let (seconds, attoseconds) = timeout.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while inbox.isEmpty {
            if !condition.wait(until: deadline) { return [] }
        }
        let count = min(maximum, inbox.count)
        let bytes = Array(inbox.prefix(count))
        inbox.removeFirst(count)
        return bytes
    }
}
