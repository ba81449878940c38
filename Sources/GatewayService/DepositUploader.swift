import ClearingAPI
import Foundation
import Logging
import Microbilling
import MicrocheckAgents
import MicrocheckCrypto
import OpenAPIRuntime

/// Moves a gateway's spool to clearing: reads the oldest entries, builds a
/// compressed upload of their sealed groups, posts it, and retires each
/// entry only when clearing's receipt answered for it (accepted, duplicate
/// or rejected for good). Whatever fails, the spool keeps the entry, and
/// uploading it again is harmless: clearing answers `duplicate`.
public final class DepositUploader: Sendable {
    /// What one round did.
    public struct Round: Sendable, Hashable {
        /// Entries sent.
        public var sent: Int
        /// Entries retired (clearing answered for them).
        public var retired: Int
        /// Of those, rejected by clearing (quarantined there).
        public var rejected: Int
        /// Entries set aside because they cannot travel (unreadable records).
        public var setAside: Int
    }

    private let spool: any GatewaySpool
    private let client: Client
    private let probe: Client
    private let batchSize: Int
    private let logger: Logger
    private let metrics: GatewayMetrics
    private let afterReceipt: @Sendable () -> Void

    /// An uploader from `spool` to clearing through `client`, at most
    /// `batchSize` entries per upload; `probe` (a client with a short
    /// timeout, `client` when nil) asks whether clearing is up.
    /// `afterReceipt` runs between the receipt and the retirement (a
    /// failpoint for crash tests).
    public init(spool: any GatewaySpool, client: Client, probe: Client? = nil, batchSize: Int = 1_000, logger: Logger,
                metrics: GatewayMetrics = GatewayMetrics(), afterReceipt: @escaping @Sendable () -> Void = {}) {
        self.spool = spool
        self.client = client
        self.probe = probe ?? client
        self.batchSize = max(1, min(batchSize, DepositUpload.maximumPurchases))
        self.logger = logger
        self.metrics = metrics
        self.afterReceipt = afterReceipt
    }

    /// Whether clearing answers its health check.
    public func clearingIsUp() async -> Bool {
        guard let output = try? await probe.health(), case .ok = output else {
            metrics.failures.increment()
            return false
        }
        return true
    }

    /// Entries waiting.
    public func depth() throws(UploadFailure) -> Int {
        do {
            let depth = try spool.depth()
            metrics.spoolDepth.record(depth)
            return depth
        } catch {
            throw UploadFailure(.spool, error.reason)
        }
    }

    /// Uploads the oldest entries once.
    public func uploadRound() async throws(UploadFailure) -> Round {
        let entries: [SpooledDeposit]
        do {
            entries = try spool.pending(limit: batchSize)
        } catch {
            throw UploadFailure(.spool, error.reason)
        }
        guard !entries.isEmpty else { return Round(sent: 0, retired: 0, rejected: 0, setAside: 0) }
        let (upload, unreadable) = assemble(entries)
        if !unreadable.isEmpty {
            do {
                try spool.setAside(unreadable)
            } catch {
                throw UploadFailure(.spool, error.reason)
            }
            for (id, reason) in unreadable { logger.error("set aside deposit \(id): \(reason)") }
        }
        guard !upload.groups.isEmpty else { return Round(sent: 0, retired: 0, rejected: 0, setAside: unreadable.count) }
        let bytes: [UInt8]
        do {
            bytes = try upload.encoded()
        } catch {
            throw UploadFailure(.refused, "cannot build an upload: \(error)")
        }
        let output: Operations.uploadDeposits.Output
        do {
            output = try await client.uploadDeposits(body: .binary(HTTPBody(bytes)))
        } catch {
            metrics.failures.increment()
            throw UploadFailure(.unreachable, "\(error)")
        }
        let receipt: Components.Schemas.DepositReceipt
        switch output {
        case .ok(let ok):
            guard case .json(let body) = ok.body else { throw UploadFailure(.refused, "the receipt is not JSON") }
            receipt = body
        case .badRequest(let bad):
            metrics.failures.increment()
            throw UploadFailure(.refused, "clearing cannot read the upload: \((try? bad.body.json.message) ?? "")")
        case .contentTooLarge:
            metrics.failures.increment()
            throw UploadFailure(.refused, "clearing refuses an upload of \(bytes.count) bytes; lower the batch size")
        case .serviceUnavailable(let unavailable):
            metrics.failures.increment()
            throw UploadFailure(.unavailable, (try? unavailable.body.json.message) ?? "clearing is unavailable")
        case .undocumented(let status, _):
            metrics.failures.increment()
            throw UploadFailure(status >= 500 ? .unavailable : .refused, "clearing answered HTTP \(status)")
        }
        afterReceipt()
        let sent = Set(upload.groups.flatMap { $0.purchases.map(\.microcheckID) })
        let answered = receipt.items.filter { sent.contains($0.microcheck) }
        let rejected = answered.filter { $0.outcome == .rejected }
        for item in rejected { logger.warning("clearing rejected \(item.microcheck) of \(item.merchant): \(item.reason ?? "no reason")") }
        do {
            try spool.retire(microcheckIDs: answered.map(\.microcheck))
        } catch {
            throw UploadFailure(.spool, error.reason)
        }
        metrics.uploads.increment()
        metrics.retired.increment(by: answered.count)
        metrics.rejected.increment(by: rejected.count)
        metrics.lastUpload.record(Date().timeIntervalSince1970)
        return Round(sent: sent.count, retired: answered.count, rejected: rejected.count, setAside: unreadable.count)
    }

    /// The upload of `entries`, grouped by seal in spool order, and the entries that cannot travel.
    private func assemble(_ entries: [SpooledDeposit]) -> (DepositUpload, [(String, String)]) {
        var order: [String] = []
        var groups: [String: DepositUpload.Group] = [:]
        var unreadable: [(String, String)] = []
        for entry in entries {
            let purchase: AcceptedPurchase
            let sealID: String
            do {
                purchase = try DepositRecord.decode(entry.record)
                sealID = try entry.seal.id
            } catch {
                unreadable.append((entry.microcheckID, "\(error)"))
                continue
            }
            if groups[sealID] == nil {
                order.append(sealID)
                groups[sealID] = DepositUpload.Group(seal: entry.seal, purchases: [])
            }
            groups[sealID]?.purchases.append(purchase)
        }
        let batchID = (try? SecureRandom.bytes(16)) ?? Array(repeating: 0, count: 16)
        return (DepositUpload(batchID: batchID, groups: order.compactMap { groups[$0] }), unreadable)
    }
}
