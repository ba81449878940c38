import MicrocheckWire
import Synchronization

/// Merchant cards the payer has seen, by id, so a returning customer's
/// offers name the merchant in 8 bytes. Bounded: the oldest go first.
public final class MerchantCardCache: Sendable {
    /// The most cards kept.
    public let capacity: Int
    private let state = Mutex<(cards: [[UInt8]: MerchantCard], order: [[UInt8]])>(([:], []))

    /// A cache of at most `capacity` cards.
    public init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The card with `id`, if kept.
    public func card(_ id: [UInt8]) -> MerchantCard? {
        state.withLock { $0.cards[id] }
    }

    /// Keeps `card` under `id`.
    public func insert(_ card: MerchantCard, id: [UInt8]) {
        state.withLock { state in
            if state.cards.updateValue(card, forKey: id) == nil { state.order.append(id) }
            while state.order.count > capacity {
                state.cards[state.order.removeFirst()] = nil
            }
        }
    }
}
