import Synchronization

/// Reusable OpenSSL digest contexts. A digest in a context of the pool
/// allocates and frees no context of its own, as a one-shot `EVP_Digest`
/// does; each digest takes a context (or makes one), so concurrent digests
/// never share one.
final class DigestContextPool: Sendable {
    /// Most idle contexts kept.
    static let limit = 8

    private let idle = Mutex<[OpenSSLDigestContext]>([])

    /// Runs `body` with a context of its own, returned to the pool after.
    ///
    /// - Throws: ``KeyNoteCryptoError`` when a new context cannot be made.
    func withContext<Result>(_ body: (OpenSSLDigestContext) -> Result) throws(KeyNoteCryptoError) -> Result {
        let context: OpenSSLDigestContext
        if let reused = idle.withLock({ $0.popLast() }) {
            context = reused
        } else {
            context = try OpenSSLDigestContext()
        }
        let result = body(context)
        idle.withLock { contexts in
            if contexts.count < Self.limit {
                contexts.append(context)
            }
        }
        return result
    }
}
