import Testing
import VendingController

/// Commands and answers of protocol-spec/vending-controller.md: encode, parse back, and reject with a column.
@Suite struct ControllerCodecTests {
    static let id = PaymentID("00c0ffee")!

    static let commands: [ControllerCommand] = [
        .hello, .poll, .info(selection: 1), .stock(selection: 8), .vend(selection: 2, id: id), .last,
        .display(text: "Insert payment|55 cents"), .display(text: "Thank you"),
    ]

    static let answers: [ControllerAnswer] = [
        .hello(version: 1, selections: 8), .button(selection: 4), .none,
        .item(ItemInfo(selection: 1, price: Price(minorUnits: 83, currency: "USD"), category: "drink", name: "Pocari Sweat")),
        .stock(selection: 3, count: 0), .vended(selection: 2, id: id),
        .failed(selection: 2, id: id, reason: .soldOut), .failed(selection: 9, id: id, reason: .badSelection),
        .last(LastVend(id: id, result: .vended)), .last(LastVend(id: id, result: .failed(.motorJam))), .last(nil),
        .ok, .error(.lineTooLong), .error(.unknownCommand),
    ]

    @Test(arguments: commands)
    func commandRoundTrips(_ command: ControllerCommand) throws {
        #expect(try ControllerCommand.parse(line: command.line) == command)
    }

    @Test(arguments: answers)
    func answerRoundTrips(_ answer: ControllerAnswer) throws {
        #expect(try ControllerAnswer.parse(line: answer.line) == answer)
    }

    @Test func encodesTheSpecsLines() {
        #expect(ControllerCommand.vend(selection: 2, id: Self.id).line == "VEND 2 00c0ffee")
        #expect(ControllerAnswer.hello(version: 1, selections: 8).line == "HELLO vending 1 8")
        #expect(ControllerAnswer.last(nil).line == "LAST none")
        #expect(ControllerAnswer.failed(selection: 2, id: Self.id, reason: .motorJam).line == "FAIL 2 00c0ffee motor-jam")
    }

    /// A malformed command line, the error code expected and its column.
    struct BadLine: Sendable, CustomTestStringConvertible {
        var line: String
        var code: ControllerProtocolError.Code
        var column: Int
        var testDescription: String { "\"\(line)\"" }
    }

    static let badCommands: [BadLine] = [
        BadLine(line: "", code: .unknownKeyword, column: 1),
        BadLine(line: "FROB", code: .unknownKeyword, column: 1),
        BadLine(line: "hello", code: .unknownKeyword, column: 1),
        BadLine(line: "INFO", code: .missingArgument, column: 5),
        BadLine(line: "INFO x", code: .badArgument, column: 6),
        BadLine(line: "INFO 01", code: .badArgument, column: 6),
        BadLine(line: "INFO  1", code: .badArgument, column: 6),
        BadLine(line: "POLL 1", code: .extraArgument, column: 5),
        BadLine(line: "VEND 1", code: .missingArgument, column: 7),
        BadLine(line: "VEND 1 ABC", code: .badArgument, column: 8),
        BadLine(line: "VEND 1 " + String(repeating: "a", count: 33), code: .badArgument, column: 8),
        BadLine(line: "VEND 1 abc extra", code: .extraArgument, column: 11),
        BadLine(line: "DISPLAY " + String(repeating: "x", count: 21), code: .badArgument, column: 9),
        BadLine(line: "DISPLAY a|b|c", code: .badArgument, column: 9),
        BadLine(line: "STOCK 1\t", code: .notPrintableASCII, column: 8),
        BadLine(line: "LAST é", code: .notPrintableASCII, column: 6),
        BadLine(line: String(repeating: "A", count: 129), code: .lineTooLong, column: 129),
    ]

    @Test(arguments: badCommands)
    func rejectsMalformedCommandsWithAColumn(_ bad: BadLine) {
        let error = #expect(throws: ControllerProtocolError.self) { try ControllerCommand.parse(line: bad.line) }
        #expect(error?.code == bad.code)
        #expect(error?.column == bad.column, "\(String(describing: error))")
    }

    static let badAnswers: [BadLine] = [
        BadLine(line: "HELLO printer 1 8", code: .badArgument, column: 7),
        BadLine(line: "ITEM 1 83 usd drink Pocari", code: .badArgument, column: 11),
        BadLine(line: "ITEM 1 83 USD Drink Pocari", code: .badArgument, column: 15),
        BadLine(line: "ITEM 1 83 USD drink", code: .missingArgument, column: 20),
        BadLine(line: "FAIL 1 ab broken", code: .badArgument, column: 11),
        BadLine(line: "LAST ab", code: .missingArgument, column: 8),
        BadLine(line: "ERR oops", code: .badArgument, column: 5),
    ]

    @Test(arguments: badAnswers)
    func rejectsMalformedAnswersWithAColumn(_ bad: BadLine) {
        let error = #expect(throws: ControllerProtocolError.self) { try ControllerAnswer.parse(line: bad.line) }
        #expect(error?.code == bad.code)
        #expect(error?.column == bad.column, "\(String(describing: error))")
    }

    @Test func mapsParseErrorsToTheErrReasons() throws {
        func reason(_ line: String) -> ControllerErrorReason? {
            do {
                _ = try ControllerCommand.parse(line: line)
                return nil
            } catch {
                return error.errorReason
            }
        }
        #expect(reason("DANCE") == .unknownCommand)
        #expect(reason("INFO nine") == .badArgument)
        #expect(reason(String(repeating: "x", count: 200)) == .lineTooLong)
    }

    @Test func acceptsOnlyLowerCaseHexPaymentIDsOfOneTo32Digits() {
        #expect(PaymentID("0") != nil)
        #expect(PaymentID(String(repeating: "f", count: 32)) != nil)
        #expect(PaymentID("") == nil)
        #expect(PaymentID(String(repeating: "f", count: 33)) == nil)
        #expect(PaymentID("0xff") == nil)
        #expect(PaymentID("DEAD") == nil)
    }
}
