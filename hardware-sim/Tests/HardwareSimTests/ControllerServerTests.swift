import HardwareSim
import SerialLink
import Testing
import VendingController

/// The controller server and the host client over a real pty pair, in-process.
@Suite struct ControllerServerTests {
    /// A machine served on a new pty, and a host on the pty's device side.
    struct Setup {
        let machine = VendingMachine()
        let pty: PseudoTerminal
        let server: VendingControllerServer
        let port: SerialPort
        let host: VendingControllerHost<ByteChannelLineTransport>

        init() throws {
            pty = try PseudoTerminal(baud: .b9600)
            server = VendingControllerServer(machine: machine, channel: pty.controller)
            server.start()
            port = try SerialPort(device: pty.devicePath, baud: .b9600)
            host = VendingControllerHost(transport: ByteChannelLineTransport(channel: port))
        }
    }

    @Test func aHostDrivesAPurchase() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let host = setup.host
        #expect(try host.hello() == 8)
        #expect(try host.poll() == nil)
        setup.machine.press(2)
        #expect(try host.poll() == 2)
        let item = try host.info(2)
        #expect(item.name == "CelRay Soda")
        #expect(item.price == Price(minorUnits: 55, currency: "USD"))
        #expect(try host.stock(2) == 5)
        try host.display("CelRay Soda|55 cents")
        #expect(setup.machine.displayLines == ["CelRay Soda", "55 cents"])
        let id = try #require(PaymentID("0123abcd"))
        #expect(try host.vend(2, id: id) == .vended)
        #expect(try host.vend(2, id: id) == .vended)
        #expect(setup.machine.motorRuns == 1)
        #expect(try host.last() == LastVend(id: id, result: .vended))
        #expect(try host.stock(2) == 4)
        #expect(setup.server.failure == nil)
    }

    @Test func answersMalformedAndOverlongLinesAndStaysInStep() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let transport = ByteChannelLineTransport(channel: setup.port)
        try transport.send("DANCE")
        #expect(try transport.receiveLine(timeout: .seconds(2)) == "ERR unknown-command")
        try transport.send("INFO nine")
        #expect(try transport.receiveLine(timeout: .seconds(2)) == "ERR bad-argument")
        try transport.send(String(repeating: "x", count: 500))
        #expect(try transport.receiveLine(timeout: .seconds(2)) == "ERR line-too-long")
        try transport.send("")
        try transport.send("HELLO")
        #expect(try transport.receiveLine(timeout: .seconds(2)) == "HELLO vending 1 8")
    }
}
