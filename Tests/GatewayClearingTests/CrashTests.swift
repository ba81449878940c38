import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckScenarios
import Testing

/// The gateway and clearing as processes: killed at random moments and at
/// their failpoints, and clearing down for a while; every microcheck ends up
/// posted exactly once and the spool empty.
@Suite(.serialized) struct CrashTests {
    @Test func aBacklogDrainsByItselfOnceClearingComesUp() throws {
        let world = try ProcessWorld(world: try ClearingWorld(count: 60, batchSize: 16), uploadSize: 25)
        let gateway = try world.startGateway()
        defer { gateway.stop() }
        // Clearing is down: the gateway says so and keeps waiting, twice at least.
        #expect(gateway.line(containing: "clearing not reached", timeout: .seconds(30)) != nil)
        #expect(gateway.line(containing: "clearing not reached", timeout: .seconds(30)) != nil)
        #expect(gateway.isRunning)
        let clearing = try world.startClearing()
        defer { clearing.stop() }
        #expect(gateway.waitForExit(timeout: .seconds(120)) == 0)
        #expect(try SQLiteGatewaySpool(path: world.spoolPath).depth() == 0)
        let ledger = try SQLiteClearingStore(path: world.ledgerPath)
        #expect(try ledger.entryCount() == 60)
    }

    @Test func killedAtRandomAndAtFailpointsDuringFiftyUploadsEveryMicrocheckIsPostedOnce() throws {
        let count = 500
        let world = try ProcessWorld(world: try ClearingWorld(count: count, payers: 10, merchants: 2, batchSize: 16), uploadSize: 10)
        var random = SeededRandom(seed: 20_261_124)
        var clearing: ChildProcess? = nil
        var gateway: ChildProcess? = nil
        defer {
            gateway?.stop()
            clearing?.stop()
        }
        var kills = 0, failpointStops = 0, rounds = 0
        var finished = false
        while !finished && rounds < 400 {
            rounds += 1
            if clearing?.isRunning != true {
                let failpoint: String? = switch random.next() % 4 {
                case 0: "after-ledger-commit"
                case 1: "after-receipt-sent"
                default: nil
                }
                clearing = try world.startClearing(failpoint: failpoint)
            }
            if gateway?.isRunning != true {
                gateway = try world.startGateway(failpoint: random.next() % 4 == 0 ? "after-receipt" : nil)
            }
            // Let them work for a random moment, then perhaps kill one of them (SIGKILL).
            let moment = Int(random.next() % 250)
            if let status = gateway?.waitForExit(timeout: .milliseconds(moment)) {
                if status == 0 { finished = true } else if status == 86 { failpointStops += 1 }
                continue
            }
            switch random.next() % 3 {
            case 0:
                gateway?.kill()
                kills += 1
            case 1:
                clearing?.kill()
                kills += 1
            default:
                break
            }
            if let clearing, !clearing.isRunning { failpointStops += clearing.waitForExit(timeout: .zero) == 86 ? 1 : 0 }
        }
        print("crash test: \(rounds) rounds, \(kills) SIGKILLs, \(failpointStops) failpoint stops")
        #expect(finished)
        #expect(kills >= 5 && failpointStops >= 3)
        #expect(try SQLiteGatewaySpool(path: world.spoolPath).depth() == 0)
        let ledger = try SQLiteClearingStore(path: world.ledgerPath)
        #expect(try ledger.entryCount() == count)
        let posted = Set(try world.world.backlog.merchants.flatMap { try ledger.entries(merchantID: $0.merchantID).map(\.microcheckID) })
        #expect(posted == Set(world.world.backlog.deposits.flatMap { $0.purchases.map(\.microcheckID) }))
    }

    @Test func theSpoolIsWrittenAheadAndSyncedInFull() throws {
        let world = try ClearingWorld(count: 8, batchSize: 8)
        let durability = try world.fullSpool().durability()
        #expect(durability.journalMode == "wal")
        #expect(durability.synchronous == 2)
    }
}

/// A small seeded generator, so that a failing run can be repeated.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
