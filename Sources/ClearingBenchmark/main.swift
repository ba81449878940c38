// clearing-bench: clearing's throughput on a backlog of deposits.
//
//   swift run -c release clearing-bench --count 100000 [--payers 500] [--merchants 10] [--days 10]
//                                       [--batch 256] [--save FILE | --load FILE] [--upload 4] [--in-flight 2]
//                                       [--http-only]
//
// Makes (or loads) a backlog of distinct microchecks signed with RSA-2048
// payer keys (DepositBacklog), then clears it deposit by deposit through
// ClearingHouse.clear(batch:...) into a fresh SQLite ledger in a temporary
// folder and, when MICROCHECK_POSTGRES is set, into a fresh PostgreSQL
// database on that server. Prints microchecks cleared per second for each,
// beside OpenSSL's raw RSA signature-verify rate over the same microchecks'
// bytes with the same keys (one thread, and every core).

import ArgumentParser
import Dispatch
import Foundation
import KeyNote
import Microbilling
import MicrobillingPostgres
import MicrobillingStorage
import MicrocheckCrypto
import MicrocheckScenarios
import PostgresNIO
import Synchronization

struct ClearingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clearing-bench",
                                                    abstract: "Clears a backlog of RSA-2048 microchecks on SQLite and PostgreSQL.")

    @Option(help: "Microchecks to make.") var count = 100_000
    @Option(help: "Payers, each with a PA credential.") var payers = 500
    @Option(help: "Vending machines.") var merchants = 10
    @Option(help: "Days the purchases spread over (1 to 29).") var days = 10
    @Option(help: "Most purchases in one deposit.") var batch = 256
    @Option(help: "Write the backlog made to this file.") var save: String?
    @Option(help: "Clear the backlog in this file instead of making one.") var load: String?
    @Option(help: "Seconds per raw-verify measurement.") var seconds = 2.0
    @Option(help: "Sealed deposits per upload over HTTP.") var upload = 4
    @Option(help: "Uploads in flight at once over HTTP (gateways uploading together).") var inFlight = 2
    @Flag(help: "Clear only over HTTP on loopback, not also through the library.") var httpOnly = false

    func validate() throws {
        guard save == nil || load == nil else { throw ValidationError("--save and --load exclude each other") }
    }

    func run() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let backlog: DepositBacklog
        if let load {
            let (loaded, elapsed) = try timed { () throws(MicrobillingError) in try DepositBacklog(contentsOf: load) }
            backlog = loaded
            print("backlog: \(backlog.purchaseCount) microchecks in \(backlog.deposits.count) deposits loaded from \(load) in \(text(elapsed)) s")
        } else {
            let (made, elapsed) = try timed { () throws(MicrobillingError) in
                try DepositBacklog.generate(count: count, payers: payers, merchants: merchants, days: days, batchSize: batch)
            }
            backlog = made
            print("backlog: \(backlog.purchaseCount) microchecks (RSA-2048, \(payers) payers, \(merchants) machines, \(days) days) "
                  + "in \(backlog.deposits.count) deposits made in \(text(elapsed)) s on \(cores) cores")
            if let save {
                try backlog.save(to: save)
                print("backlog saved to \(save)")
            }
        }

        let raw = try RawVerifyRate(backlog, seconds: seconds)
        print("raw RSA-2048 verify (OpenSSL, same keys and bytes): \(Int(raw.singleThread))/s one thread, "
              + "\(Int(raw.allCores))/s on \(cores) cores")

        let folder = NSTemporaryDirectory() + "clearing-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if !httpOnly {
            let sqlite = try SQLiteClearingStore(path: folder + "/ledger.sqlite")
            report("SQLite (synchronous=FULL)", try clearAll(backlog, into: sqlite), backlog, raw)
        }
        let loopbackSQLite = try SQLiteClearingStore(path: folder + "/ledger-http.sqlite")
        reportLoopback("SQLite (synchronous=FULL) over HTTP on loopback",
                       try LoopbackClearing.run(backlog, into: loopbackSQLite, depositsPerUpload: upload, inFlight: inFlight), backlog, raw)

        if let connection = ProcessInfo.processInfo.environment["MICROCHECK_POSTGRES"], !connection.isEmpty {
            let server = try PostgresLedgerConfiguration(connectionString: connection)
            let database = try BenchmarkDatabase(server)
            defer { database.drop() }
            if !httpOnly {
                let postgres = try PostgresClearingStore(configuration: database.configuration)
                report("PostgreSQL (\(server.host):\(server.port))", try clearAll(backlog, into: postgres), backlog, raw)
            }
            let loopbackDatabase = try BenchmarkDatabase(server)
            defer { loopbackDatabase.drop() }
            let loopbackPostgres = try PostgresClearingStore(configuration: loopbackDatabase.configuration)
            reportLoopback("PostgreSQL (\(server.host):\(server.port)) over HTTP on loopback",
                           try LoopbackClearing.run(backlog, into: loopbackPostgres, depositsPerUpload: upload, inFlight: inFlight), backlog, raw)
        } else {
            print("PostgreSQL: skipped (MICROCHECK_POSTGRES is unset)")
        }
    }

    /// Clears every deposit in order; the seconds it took and what the receipts said.
    func clearAll(_ backlog: DepositBacklog, into store: any ClearingStore) throws -> (seconds: Double, outcomes: [String: Int]) {
        let clearing = ClearingHouse(store: store, merchants: backlog.merchants)
        var outcomes: [String: Int] = [:]
        let (_, elapsed) = try timed { () throws(MicrobillingError) in
            for deposit in backlog.deposits {
                for receipt in try clearing.clear(batch: deposit.purchases, depositedBy: deposit.merchantID, sealID: deposit.sealID,
                                                  at: backlog.receivedAt) {
                    switch receipt.outcome {
                    case .accepted: outcomes["accepted", default: 0] += 1
                    case .duplicate: outcomes["duplicate", default: 0] += 1
                    case .rejected(let rejection, _): outcomes[rejection.code, default: 0] += 1
                    }
                }
            }
        }
        let entries = try store.entryCount()
        guard entries == outcomes["accepted"] else {
            throw MicrobillingError(.storage, "the ledger holds \(entries) entries, \(outcomes["accepted"] ?? 0) were accepted")
        }
        return (elapsed, outcomes)
    }

    func report(_ name: String, _ result: (seconds: Double, outcomes: [String: Int]), _ backlog: DepositBacklog, _ raw: RawVerifyRate) {
        let rate = Double(backlog.purchaseCount) / result.seconds
        let outcomes = result.outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("\(name): \(backlog.purchaseCount) microchecks cleared in \(text(result.seconds)) s = \(Int(rate))/s "
              + "(\(String(format: "%.0f", 100 * rate / raw.allCores))% of the raw all-core verify rate; \(outcomes))")
    }
}

extension ClearingBenchmark {
    func reportLoopback(_ name: String, _ result: LoopbackClearing.Measurement, _ backlog: DepositBacklog, _ raw: RawVerifyRate) {
        let rate = Double(backlog.purchaseCount) / result.seconds
        let outcomes = result.outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("\(name): \(backlog.purchaseCount) microchecks in \(result.uploads) uploads (\(result.bytes / max(1, backlog.purchaseCount)) bytes "
              + "per microcheck with credentials, made in \(text(result.encodeSeconds)) s) cleared in \(text(result.seconds)) s = \(Int(rate))/s, "
              + "\(Int(1e6 * result.processorSeconds / Double(max(1, backlog.purchaseCount)))) processor-µs per microcheck "
              + "(\(String(format: "%.0f", 100 * rate / raw.allCores))% of the raw all-core verify rate; \(outcomes))")
    }
}

/// Runs `body`; its result and the seconds it took.
func timed<Result>(_ body: () throws(MicrobillingError) -> Result) throws(MicrobillingError) -> (Result, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    let (whole, attoseconds) = (clock.now - start).components
    return (result, Double(whole) + Double(attoseconds) / 1e18)
}

func text(_ seconds: Double) -> String { String(format: "%.2f", seconds) }

ClearingBenchmark.main()
