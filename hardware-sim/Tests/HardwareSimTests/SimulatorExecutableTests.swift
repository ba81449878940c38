import BuiltPrograms
import Foundation
import HardwareSim
import MicrocheckScenarios
import SerialLink
import Testing
import VendingController

/// The built `vending-sim` and `irlink-sim` binaries, as other tests and the demo use them.
@Suite struct SimulatorExecutableTests {
    /// Starts the built simulator `name`.
    func start(_ name: String, _ arguments: [String]) throws -> ChildProcess {
        let binary = try #require(BuiltPrograms.url(of: name), "\(name) is not built (swift build --product \(name))")
        return try ChildProcess(binary, arguments)
    }

    /// Whether the simulator answers `line` to an operator line within `timeout`.
    func answers(_ simulator: ChildProcess, _ line: String, timeout: Duration = .seconds(5)) -> Bool {
        simulator.line(startingWith: line, timeout: timeout) == line
    }

    @Test func vendingSimServesItsPtyAndLogsMotorRuns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let motorLog = directory.path("motor.log")
        let simulator = try start("vending-sim", ["--motor-log", motorLog])
        let first = try #require(simulator.line(startingWith: "", timeout: .seconds(10)))
        #expect(first.hasPrefix("device /dev/pts/"))
        let device = String(first.dropFirst("device ".count))

        let port = try SerialPort(device: device, baud: .b9600)
        let host = VendingControllerHost(transport: ByteChannelLineTransport(channel: port))
        #expect(try host.hello() == 8)
        #expect(try host.info(1).name == "Pocari Sweat")

        try simulator.send("press 1")
        #expect(answers(simulator, "ok press 1"))
        #expect(try host.poll() == 1)

        let id = try #require(PaymentID("5eed"))
        #expect(try host.vend(1, id: id) == .vended)
        // Synced before the answer: the line is there as soon as VENDED is.
        let log = try String(contentsOfFile: motorLog, encoding: .utf8)
        #expect(log.hasSuffix(" 1 5eed vended\n"))
        #expect(log.split(separator: "\n").count == 1)

        try simulator.send("jam 2")
        #expect(answers(simulator, "ok jam 2"))
        #expect(try host.vend(2, id: try #require(PaymentID("5eee"))) == .failed(.motorJam))
        #expect(try host.last() == LastVend(id: try #require(PaymentID("5eee")), result: .failed(.motorJam)))

        try simulator.send("quit")
        #expect(simulator.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func vendingSimRejectsABadCatalogWithANonzeroExit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let catalog = directory.path("catalog.txt")
        try Data("1 83 USD drink 5 Pocari Sweat\n".utf8).write(to: URL(fileURLWithPath: catalog))
        let simulator = try start("vending-sim", ["--catalog", catalog])
        #expect(simulator.line(startingWith: "", timeout: .seconds(10)) == nil)
        #expect(simulator.waitForExit(timeout: .seconds(10)) == 2)
    }

    @Test func irlinkSimJoinsTwoPtysAndCountsOnQuit() throws {
        let simulator = try start("irlink-sim", ["--baud", "115200", "--seed", "3"])
        let a = try #require(simulator.line(startingWith: "", timeout: .seconds(10)))
        let b = try #require(simulator.line(startingWith: "", timeout: .seconds(10)))
        #expect(a.hasPrefix("a /dev/pts/"))
        #expect(b.hasPrefix("b /dev/pts/"))
        let portA = try SerialPort(device: String(a.dropFirst(2)), baud: .b115200)
        let portB = try SerialPort(device: String(b.dropFirst(2)), baud: .b115200)

        try portA.send(Array("offer".utf8))
        #expect(try receiveBytes(5, from: portB, timeout: .seconds(5)) == Array("offer".utf8))

        try simulator.send("cut")
        #expect(answers(simulator, "ok cut"))
        try portB.send(Array("check".utf8))
        #expect(try receiveBytes(1, from: portA, timeout: .milliseconds(300)).isEmpty)
        try simulator.send("restore")
        #expect(answers(simulator, "ok restore"))

        try simulator.send("quit")
        var counters: [String: Int] = [:]
        while let line = simulator.line(startingWith: "", timeout: .seconds(10)) {
            let words = line.split(separator: " ")
            if words.count == 2, let value = Int(words[1]) { counters[String(words[0])] = value }
        }
        #expect(counters["delivered-a-to-b"] == 5)
        #expect(counters["delivered-b-to-a"] == 0)
        #expect(counters["bytes-lost-to-cut"] == 5)
        #expect(simulator.waitForExit(timeout: .seconds(10)) == 0)
    }
}
