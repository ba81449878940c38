import Dispatch

/// Runs the ledger's blocking work (SQLite or a synchronous PostgreSQL
/// session) on a queue of its own, one piece at a time, and verification
/// (parallel inside a batch, reads only) on a concurrent queue beside it, so
/// that the server's cooperative threads never block and one upload is
/// verified while another is posted.
public final class LedgerQueue: Sendable {
    private let queue = DispatchQueue(label: "microcheck.clearing.ledger")
    private let verification = DispatchQueue(label: "microcheck.clearing.verify", attributes: .concurrent)

    /// A queue for one ledger.
    public init() {}

    /// Runs `work` on the ledger's queue, after what was queued before it, and returns its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.run(work, on: queue)
    }

    /// Runs `work`, which only reads the ledger, on the concurrent queue, and returns its result.
    public func verify<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.run(work, on: verification)
    }

    private static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T, on queue: DispatchQueue) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
