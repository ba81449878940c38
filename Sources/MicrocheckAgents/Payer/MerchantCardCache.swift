import Foundation
import MicrocheckCrypto
import MicrocheckWire

/// Merchant cards the payer has seen, by id, so a returning customer's
/// offers name the merchant in 8 bytes. Bounded: the oldest go first. With
/// a folder, cards are kept there too (one file per card, named by its id)
/// so they outlive the agent's process.
public final class MerchantCardCache: Sendable {
    private let cache: BoundedCache<MerchantCard>
    private let folder: String?

    /// The most cards kept.
    public var capacity: Int { cache.capacity }

    /// A cache of at most `capacity` cards, in memory only.
    public init(capacity: Int = 256) {
        cache = BoundedCache(capacity: capacity)
        folder = nil
    }

    /// A cache kept in `folder` (created if needed); cards already there are
    /// loaded, and a file that is not a card whose id is its name is ignored.
    public init(folder: String, capacity: Int = 256) throws(AgentError) {
        cache = BoundedCache(capacity: capacity)
        self.folder = folder
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted().prefix(capacity) {
                guard name.hasSuffix(".card"), let data = FileManager.default.contents(atPath: folder + "/" + name), data.count <= 4096,
                      let card = try? MerchantCard(decoding: [UInt8](data)), let id = try? WireIdentity.of(bytes: card.encoded),
                      KeyNoteHex.encode(id) + ".card" == name else { continue }
                cache.insert(card, id: id)
            }
        } catch {
            throw AgentError(.internal, "merchant cards in \(folder): \(error)")
        }
    }

    /// The card with `id`, if kept.
    public func card(_ id: [UInt8]) -> MerchantCard? {
        cache[id]
    }

    /// Keeps `card` under `id`.
    public func insert(_ card: MerchantCard, id: [UInt8]) {
        let evicted = cache.insert(card, id: id)
        guard let folder else { return }
        for old in evicted { try? FileManager.default.removeItem(atPath: folder + "/" + KeyNoteHex.encode(old) + ".card") }
        // A card that cannot be saved is fetched again at the next contact: worth a few bytes, never a refusal.
        try? Data(card.encoded).write(to: URL(fileURLWithPath: folder + "/" + KeyNoteHex.encode(id) + ".card"), options: .atomic)
    }
}
