import Foundation
import Logging

/// Drains a gateway's spool to clearing when connectivity appears: probes
/// clearing's health with backoff while it cannot be reached, uploads
/// round after round while it can, and logs progress for large backlogs.
public struct DepositRelay: Sendable {
    /// What a drain did.
    public struct Summary: Sendable, Hashable {
        /// Entries retired.
        public var retired: Int
        /// Of those, rejected by clearing.
        public var rejected: Int
        /// Entries set aside as unreadable.
        public var setAside: Int
        /// Failed attempts (probes or uploads).
        public var failures: Int
    }

    private let uploader: DepositUploader
    private let logger: Logger
    private let initialBackoff: Int
    private let maximumBackoff: Int

    /// A relay through `uploader`, backing off from `initialBackoff` to
    /// `maximumBackoff` milliseconds between failed attempts.
    public init(uploader: DepositUploader, logger: Logger, initialBackoff: Int = 500, maximumBackoff: Int = 60_000) {
        self.uploader = uploader
        self.logger = logger
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// Uploads until the spool is empty. With `waitForClearing`, a failure
    /// to reach clearing means waiting (with backoff) and trying again;
    /// without, the first failure ends the drain with that failure.
    ///
    /// - Throws: ``UploadFailure`` for a failure that waiting cannot cure
    ///   (the spool failed, clearing cannot read the upload), or any failure
    ///   when not waiting.
    public func drain(waitForClearing: Bool) async throws(UploadFailure) -> Summary {
        var summary = Summary(retired: 0, rejected: 0, setAside: 0, failures: 0)
        var backoff = Backoff(initialMilliseconds: initialBackoff, maximumMilliseconds: maximumBackoff)
        let backlog = try uploader.depth()
        let started = Date()
        if backlog > 0 { logger.info("draining \(backlog) deposits to clearing") }
        while try uploader.depth() > 0 {
            do throws(UploadFailure) {
                guard await uploader.clearingIsUp() else { throw UploadFailure(.unreachable, "clearing does not answer its health check") }
                let round = try await uploader.uploadRound()
                summary.retired += round.retired
                summary.rejected += round.rejected
                summary.setAside += round.setAside
                backoff.reset()
                let left = try uploader.depth()
                let seconds = max(0.001, Date().timeIntervalSince(started))
                logger.info("uploaded \(round.sent), retired \(summary.retired) of \(backlog) (\(backlog == 0 ? 100 : summary.retired * 100 / backlog)%), \(left) left, \(Int(Double(summary.retired) / seconds))/s")
                if round.sent == 0 && round.setAside == 0 { break }
            } catch {
                summary.failures += 1
                guard waitForClearing, error.kind == .unreachable || error.kind == .unavailable else { throw error }
                let delay = backoff.nextDelay()
                logger.warning("clearing not reached (\(error)); next attempt in \(delay) ms")
                try? await Task.sleep(for: .milliseconds(delay))
            }
        }
        return summary
    }
}
