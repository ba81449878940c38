import ClearingAPI
import ClearingService
import Dispatch
import Foundation
import Synchronization
import Logging
import Microbilling
import MicrocheckAgents
import MicrocheckScenarios
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime

/// Clears a backlog through clearing's HTTP API on loopback, as gateways
/// deposit: the clearing service (Hummingbird, 127.0.0.1) in this process,
/// the generated client posting compressed, sealed uploads, a given number
/// at a time (as that many gateways would).
/// The uploads are made before the clock starts (that is the gateways' work).
enum LoopbackClearing {
    /// What a loopback run measured.
    struct Measurement {
        /// Seconds from the first upload sent to the last receipt read.
        var seconds: Double
        /// Receipts by outcome.
        var outcomes: [String: Int]
        /// Bytes uploaded.
        var bytes: Int
        /// Uploads sent.
        var uploads: Int
        /// Seconds spent making the uploads.
        var encodeSeconds: Double
        /// Processor seconds (user and system, all threads) the process used while clearing.
        var processorSeconds: Double
    }

    /// Clears `backlog` into `store` over loopback, `depositsPerUpload` sealed deposits per upload.
    static func run(_ backlog: DepositBacklog, into store: any ClearingStore, depositsPerUpload: Int, inFlight: Int) throws -> Measurement {
        let result = Mutex<Result<Measurement, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<Measurement, any Error>
            do {
                outcome = .success(try await measure(backlog, into: store, depositsPerUpload: depositsPerUpload, inFlight: inFlight))
            } catch {
                outcome = .failure(error)
            }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        guard let outcome = result.withLock({ $0 }) else { throw MicrobillingError(.storage, "the loopback run ended without a result") }
        return try outcome.get()
    }

    private static func measure(_ backlog: DepositBacklog, into store: any ClearingStore, depositsPerUpload: Int,
                                inFlight: Int) async throws -> Measurement {
        let encodeStart = ContinuousClock.now
        var uploads: [[UInt8]] = []
        for start in stride(from: 0, to: backlog.deposits.count, by: max(1, depositsPerUpload)) {
            let deposits = backlog.deposits[start..<min(start + depositsPerUpload, backlog.deposits.count)]
            let upload = DepositUpload(batchID: Array(repeating: UInt8(truncatingIfNeeded: start), count: 16),
                                       groups: deposits.map { DepositUpload.Group(seal: $0.seal, purchases: $0.purchases) })
            uploads.append(try upload.encoded())
        }
        let encodeSeconds = seconds(ContinuousClock.now - encodeStart)
        var logger = Logger(label: "clearing-bench")
        logger.logLevel = .critical
        let receivedAt = backlog.receivedAt
        let service = ClearingService(house: ClearingHouse(store: store, merchants: backlog.merchants),
                                      authorization: RequestAuthorization(tokens: AccessTokens()), clock: { receivedAt })
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let app = try ClearingServer.application(service: service, host: "127.0.0.1", port: 0, logger: logger) { listening.yield($0) }
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), let url = URL(string: "http://127.0.0.1:\(port)") else {
            throw MicrobillingError(.storage, "the loopback server did not start")
        }
        let client = Client(serverURL: url, transport: AsyncHTTPClientTransport(configuration: .init(timeout: .minutes(10))))
        let start = ContinuousClock.now
        let processorAtStart = processorSeconds()
        let outcomes = try await withThrowingTaskGroup(of: [String: Int].self) { group in
            var next = 0
            func send(_ index: Int) {
                let body = uploads[index]
                group.addTask {
                    let output = try await client.uploadDeposits(body: .binary(HTTPBody(body)))
                    guard case .ok(let ok) = output, case .json(let receipt) = ok.body else {
                        throw MicrobillingError(.storage, "upload \(index) was not cleared: \(output)")
                    }
                    var counts: [String: Int] = [:]
                    for item in receipt.items { counts[item.reason ?? item.outcome.rawValue, default: 0] += 1 }
                    return counts
                }
            }
            while next < min(max(1, inFlight), uploads.count) {
                send(next)
                next += 1
            }
            var total: [String: Int] = [:]
            while let counts = try await group.next() {
                total.merge(counts, uniquingKeysWith: +)
                if next < uploads.count {
                    send(next)
                    next += 1
                }
            }
            return total
        }
        return Measurement(seconds: seconds(ContinuousClock.now - start), outcomes: outcomes, bytes: uploads.map(\.count).reduce(0, +),
                           uploads: uploads.count, encodeSeconds: encodeSeconds, processorSeconds: processorSeconds() - processorAtStart)
    }

    /// The user and system time this process has used, on all its threads.
    private static func processorSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
