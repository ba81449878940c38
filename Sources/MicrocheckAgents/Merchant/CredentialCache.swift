import Microbilling
import Synchronization

/// Credentials the merchant has seen, by wire id, so a returning payer
/// names them instead of sending them. Bounded: the oldest go first.
public final class CredentialCache: Sendable {
    /// The most credentials kept.
    public let capacity: Int
    private let state = Mutex<(entries: [[UInt8]: SignedCredential], order: [[UInt8]])>(([:], []))

    /// A cache of at most `capacity` credentials.
    public init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
    }

    /// The credential with `id`, if kept.
    public func credential(_ id: [UInt8]) -> SignedCredential? {
        state.withLock { $0.entries[id] }
    }

    /// Keeps `credential` under `id`.
    public func insert(_ credential: SignedCredential, id: [UInt8]) {
        state.withLock { state in
            if state.entries.updateValue(credential, forKey: id) == nil { state.order.append(id) }
            while state.order.count > capacity {
                state.entries[state.order.removeFirst()] = nil
            }
        }
    }
}
