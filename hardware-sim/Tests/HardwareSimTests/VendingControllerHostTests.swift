import Testing
import VendingController

/// The host's retry rules, against scripted controllers.
@Suite struct VendingControllerHostTests {
    static let id = PaymentID("feed")!

    @Test func retriesAnIdempotentCommandAtMostTwice() {
        let transport = ScriptedTransport { _, _ in [] }
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(throws: VendingHostError.noAnswer(command: "STOCK 2", attempts: 3)) { try host.stock(2) }
        #expect(transport.sent == ["STOCK 2", "STOCK 2", "STOCK 2"])
    }

    @Test func succeedsOnARetry() throws {
        let transport = ScriptedTransport { _, index in index == 0 ? [] : ["STOCK 2 4"] }
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(try host.stock(2) == 4)
        #expect(transport.sent.count == 2)
    }

    @Test func discardsStaleAndUnrelatedAnswers() throws {
        let transport = ScriptedTransport { _, _ in ["STOCK 3 1", "garbage", "STOCK 2 4"] }
        transport.preload(["NONE", "OK"])
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(try host.stock(2) == 4)
        #expect(transport.sent == ["STOCK 2"])
    }

    @Test func neverSendsVendTwiceAndAsksLastOnATimeout() throws {
        let transport = ScriptedTransport { line, _ in line == "LAST" ? ["LAST feed vended"] : [] }
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(try host.vend(4, id: Self.id) == .vended)
        #expect(transport.sent == ["VEND 4 feed", "LAST"])
    }

    @Test func reportsNotRunWhenLastShowsAnotherVend() throws {
        let transport = ScriptedTransport { line, _ in line == "LAST" ? ["LAST 99 vended"] : [] }
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(try host.vend(4, id: Self.id) == .notRun)
    }

    @Test func acceptsALateVendAnswerWhileWaitingForLast() throws {
        let transport = ScriptedTransport { line, _ in line == "LAST" ? ["FAIL 4 feed sold-out", "LAST feed sold-out"] : [] }
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(try host.vend(4, id: Self.id) == .failed(.soldOut))
    }

    @Test func anUnansweredVendAndLastLeaveTheOutcomeUnknown() {
        let transport = ScriptedTransport { _, _ in [] }
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(throws: VendingHostError.vendOutcomeUnknown(selection: 4, id: Self.id)) { try host.vend(4, id: Self.id) }
        #expect(transport.sent == ["VEND 4 feed", "LAST"])
    }

    @Test func reportsErrAnswersAndRefusesMalformedCommands() {
        let transport = ScriptedTransport { _, _ in ["ERR bad-argument"] }
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(throws: VendingHostError.refused(command: "INFO 9", reason: .badArgument)) { try host.info(9) }
        #expect(throws: VendingHostError.self) { try host.display(String(repeating: "x", count: 30)) }
        #expect(transport.sent == ["INFO 9"])
    }

    @Test func checksTheProtocolVersion() {
        let transport = ScriptedTransport { _, _ in ["HELLO vending 2 8"] }
        let host = VendingControllerHost(transport: transport, answerTimeout: .milliseconds(1))
        #expect(throws: VendingHostError.unsupportedController(answer: "HELLO vending 2 8")) { try host.hello() }
    }
}
