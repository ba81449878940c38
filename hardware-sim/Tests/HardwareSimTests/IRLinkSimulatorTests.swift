import Foundation
import HardwareSim
import SerialLink
import Testing

/// The IR link simulator between two ptys: pacing, bit errors, frame loss, turnaround, cuts.
@Suite struct IRLinkSimulatorTests {
    /// Two ptys joined by a link, and the device sides opened as serial ports.
    struct Link {
        let a: PseudoTerminal
        let b: PseudoTerminal
        let simulator: IRLinkSimulator
        let portA: SerialPort
        let portB: SerialPort

        init(_ configuration: IRLinkConfiguration) throws {
            a = try PseudoTerminal(baud: configuration.baud)
            b = try PseudoTerminal(baud: configuration.baud)
            simulator = try IRLinkSimulator(a: a.controller, b: b.controller, configuration: configuration)
            portA = try SerialPort(device: a.devicePath, baud: configuration.baud)
            portB = try SerialPort(device: b.devicePath, baud: configuration.baud)
            simulator.start()
        }
    }

    @Test func pacesBytesAtTenBitTimesEach() throws {
        let link = try Link(IRLinkConfiguration(baud: .b9600))
        defer { link.simulator.stop() }
        let payload = testPattern(480)
        let clock = ContinuousClock()
        let start = clock.now
        try link.portA.send(payload)
        let received = try receiveBytes(payload.count, from: link.portB, timeout: .seconds(10))
        let elapsed = start.duration(to: clock.now)
        #expect(received == payload)
        let expected = BaudRate.b9600.seconds(forBytes: payload.count)
        let measured = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Pacing guarantees the lower bound; the upper side depends on the machine's load.
        #expect(measured >= expected)
        print("irlink pacing: \(payload.count) bytes at 9600 baud took \(measured) s, nominal \(expected) s")
        #expect(link.simulator.counters.deliveredAToB == payload.count)
    }

    @Test func flipsBitsAtTheBitErrorRateReproducibly() throws {
        let link = try Link(IRLinkConfiguration(baud: .b115200, bitErrorRate: 1e-2, seed: 42))
        defer { link.simulator.stop() }
        let payload = testPattern(5000)
        try link.portA.send(payload)
        let received = try receiveBytes(payload.count, from: link.portB, timeout: .seconds(20))
        #expect(received.count == payload.count)
        let flipped = zip(payload, received).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount }
        // 40,000 bits at 1e-2: about 400 flips (standard deviation 20); this seed gives exactly 397.
        #expect((300...500).contains(flipped))
        #expect(flipped == 397)
        #expect(link.simulator.counters.bitsFlipped == flipped)
    }

    @Test func frameLossOneDropsEverything() throws {
        let link = try Link(IRLinkConfiguration(baud: .b115200, frameLossProbability: 1))
        defer { link.simulator.stop() }
        try link.portA.send(testPattern(200))
        try link.portB.send(testPattern(30))
        #expect(try receiveBytes(1, from: link.portB, timeout: .milliseconds(400)).isEmpty)
        #expect(try receiveBytes(1, from: link.portA, timeout: .milliseconds(100)).isEmpty)
        let counters = link.simulator.counters
        #expect(counters.burstsDropped >= 2)
        #expect(counters.bytesInDroppedBursts == 230)
        #expect(counters.deliveredAToB == 0 && counters.deliveredBToA == 0)
    }

    @Test func frameLossZeroDropsNothing() throws {
        let link = try Link(IRLinkConfiguration(baud: .b115200, frameLossProbability: 0))
        defer { link.simulator.stop() }
        let payload = testPattern(200)
        try link.portA.send(payload)
        #expect(try receiveBytes(payload.count, from: link.portB, timeout: .seconds(5)) == payload)
        try link.portB.send(payload)
        #expect(try receiveBytes(payload.count, from: link.portA, timeout: .seconds(5)) == payload)
        #expect(link.simulator.counters.burstsDropped == 0)
        #expect(link.simulator.counters.deliveredBToA == payload.count)
    }

    @Test func aCutStopsDeliveryAndRestoreResumesIt() throws {
        let link = try Link(IRLinkConfiguration(baud: .b115200))
        defer { link.simulator.stop() }
        link.simulator.cut()
        #expect(link.simulator.isCut)
        try link.portA.send(Array("lost".utf8))
        try link.portB.send(Array("gone".utf8))
        #expect(try receiveBytes(1, from: link.portB, timeout: .milliseconds(300)).isEmpty)
        #expect(try receiveBytes(1, from: link.portA, timeout: .milliseconds(100)).isEmpty)
        #expect(link.simulator.counters.bytesLostToCut == 8)

        link.simulator.restore()
        try link.portA.send(Array("back".utf8))
        #expect(try receiveBytes(4, from: link.portB, timeout: .seconds(5)) == Array("back".utf8))
        try link.portB.send(Array("ack".utf8))
        #expect(try receiveBytes(3, from: link.portA, timeout: .seconds(5)) == Array("ack".utf8))
    }

    @Test func waitsTheTurnaroundWhenTheDirectionChanges() throws {
        let turnaround = Duration.milliseconds(100)
        let link = try Link(IRLinkConfiguration(baud: .b115200, turnaround: turnaround))
        defer { link.simulator.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        try link.portA.send([0x55])
        #expect(try receiveBytes(1, from: link.portB, timeout: .seconds(5)) == [0x55])
        try link.portB.send([0xAA])
        #expect(try receiveBytes(1, from: link.portA, timeout: .seconds(5)) == [0xAA])
        #expect(start.duration(to: clock.now) >= turnaround)
    }

    @Test func rejectsProbabilitiesOutsideZeroToOne() throws {
        let a = try PseudoTerminal()
        let b = try PseudoTerminal()
        #expect(throws: IRLinkConfigurationError.self) {
            try IRLinkSimulator(a: a.controller, b: b.controller, configuration: IRLinkConfiguration(bitErrorRate: 1.5))
        }
        #expect(throws: IRLinkConfigurationError.self) {
            try IRLinkSimulator(a: a.controller, b: b.controller, configuration: IRLinkConfiguration(frameLossProbability: -0.1))
        }
    }

    @Test func theSameSeedGivesTheSameSequence() {
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        var other = SplitMix64(seed: 8)
        let a = (0..<4).map { _ in first.next() }
        #expect(a == (0..<4).map { _ in second.next() })
        #expect(a != (0..<4).map { _ in other.next() })
    }
}
