import Microbilling

/// Credentials the merchant has seen, by wire id, so a returning payer
/// names them instead of sending them. Bounded: the oldest go first.
public final class CredentialCache: Sendable {
    private let cache: BoundedCache<SignedCredential>

    /// The most credentials kept.
    public var capacity: Int { cache.capacity }

    /// A cache of at most `capacity` credentials.
    public init(capacity: Int = 4096) {
        cache = BoundedCache(capacity: capacity)
    }

    /// The credential with `id`, if kept.
    public func credential(_ id: [UInt8]) -> SignedCredential? {
        cache[id]
    }

    /// Keeps `credential` under `id`.
    public func insert(_ credential: SignedCredential, id: [UInt8]) {
        cache.insert(credential, id: id)
    }
}
