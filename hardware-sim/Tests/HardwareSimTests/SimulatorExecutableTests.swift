import Foundation
import HardwareSim
import SerialLink
import Testing
import VendingController

/// The built `vending-sim` and `irlink-sim` binaries, as other tests and the demo use them.
@Suite struct SimulatorExecutableTests {
    @Test func vendingSimServesItsPtyAndLogsMotorRuns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let motorLog = directory.path("motor.log")
        let simulator = try SimulatorProcess("vending-sim", arguments: ["--motor-log", motorLog])
        let first = try #require(simulator.readLine(timeout: .seconds(10)))
        #expect(first.hasPrefix("device /dev/pts/"))
        let device = String(first.dropFirst("device ".count))

        let port = try SerialPort(device: device, baud: .b9600)
        let host = VendingControllerHost(transport: ByteChannelLineTransport(channel: port))
        #expect(try host.hello() == 8)
        #expect(try host.info(1).name == "Pocari Sweat")

        try simulator.send("press 1")
        #expect(simulator.waitForLine("ok press 1", timeout: .seconds(5)))
        #expect(try host.poll() == 1)

        let id = try #require(PaymentID("5eed"))
        #expect(try host.vend(1, id: id) == .vended)
        // Synced before the answer: the line is there as soon as VENDED is.
        let log = try String(contentsOfFile: motorLog, encoding: .utf8)
        #expect(log.hasSuffix(" 1 5eed vended\n"))
        #expect(log.split(separator: "\n").count == 1)

        try simulator.send("jam 2")
        #expect(simulator.waitForLine("ok jam 2", timeout: .seconds(5)))
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
        let simulator = try SimulatorProcess("vending-sim", arguments: ["--catalog", catalog])
        #expect(simulator.readLine(timeout: .seconds(10)) == nil)
        #expect(simulator.waitForExit(timeout: .seconds(10)) == 2)
    }

    @Test func irlinkSimJoinsTwoPtysAndCountsOnQuit() throws {
        let simulator = try SimulatorProcess("irlink-sim", arguments: ["--baud", "115200", "--seed", "3"])
        let a = try #require(simulator.readLine(timeout: .seconds(10)))
        let b = try #require(simulator.readLine(timeout: .seconds(10)))
        #expect(a.hasPrefix("a /dev/pts/"))
        #expect(b.hasPrefix("b /dev/pts/"))
        let portA = try SerialPort(device: String(a.dropFirst(2)), baud: .b115200)
        let portB = try SerialPort(device: String(b.dropFirst(2)), baud: .b115200)

        try portA.send(Array("offer".utf8))
        #expect(try receiveBytes(5, from: portB, timeout: .seconds(5)) == Array("offer".utf8))

        try simulator.send("cut")
        #expect(simulator.waitForLine("ok cut", timeout: .seconds(5)))
        try portB.send(Array("check".utf8))
        #expect(try receiveBytes(1, from: portA, timeout: .milliseconds(300)).isEmpty)
        try simulator.send("restore")
        #expect(simulator.waitForLine("ok restore", timeout: .seconds(5)))

        try simulator.send("quit")
        var counters: [String: Int] = [:]
        while let line = simulator.readLine(timeout: .seconds(10)) {
            let words = line.split(separator: " ")
            if words.count == 2, let value = Int(words[1]) { counters[String(words[0])] = value }
        }
        #expect(counters["delivered-a-to-b"] == 5)
        #expect(counters["delivered-b-to-a"] == 0)
        #expect(counters["bytes-lost-to-cut"] == 5)
        #expect(simulator.waitForExit(timeout: .seconds(10)) == 0)
    }
}
