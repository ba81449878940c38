import Dispatch

/// Runs the ledger's blocking work (SQLite or a synchronous PostgreSQL
/// session, and the parallel verification inside a batch) on a queue of its
/// own, so that the server's cooperative threads never block. One batch at a
/// time: batches are cleared in the order they arrive.
public final class LedgerQueue: Sendable {
    private let queue = DispatchQueue(label: "microcheck.clearing.ledger")

    /// A queue for one ledger.
    public init() {}

    /// Runs `work` on the queue and returns its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
