import Foundation
import HardwareSim
import Testing
import VendingController

/// The machine's semantics behind the controller protocol.
@Suite struct VendingMachineTests {
    static let first = PaymentID("a1")!
    static let second = PaymentID("b2")!

    @Test func introducesItselfAndDescribesItsSelections() throws {
        let machine = VendingMachine()
        #expect(try machine.answer(to: .hello) == .hello(version: 1, selections: 8))
        #expect(try machine.answer(to: .info(selection: 2)).line == "ITEM 2 55 USD drink CelRay Soda")
        #expect(try machine.answer(to: .info(selection: 9)) == .error(.badArgument))
        #expect(try machine.answer(to: .stock(selection: 1)) == .stock(selection: 1, count: 5))
    }

    @Test func vendsOnceAndCountsDown() throws {
        let machine = VendingMachine()
        #expect(try machine.answer(to: .vend(selection: 3, id: Self.first)) == .vended(selection: 3, id: Self.first))
        #expect(machine.stock(of: 3) == 4)
        #expect(machine.motorRuns == 1)
        #expect(try machine.answer(to: .last) == .last(LastVend(id: Self.first, result: .vended)))
    }

    @Test func aRepeatedIDIsAnsweredVendedWithoutRunningTheMotor() throws {
        let machine = VendingMachine()
        _ = try machine.answer(to: .vend(selection: 3, id: Self.first))
        #expect(try machine.answer(to: .vend(selection: 3, id: Self.first)) == .vended(selection: 3, id: Self.first))
        #expect(machine.stock(of: 3) == 4)
        #expect(machine.motorRuns == 1)
        // Another id dispenses again.
        #expect(try machine.answer(to: .vend(selection: 3, id: Self.second)) == .vended(selection: 3, id: Self.second))
        #expect(machine.stock(of: 3) == 3)
    }

    @Test func soldOutFailsWithoutAMotorRun() throws {
        let machine = VendingMachine()
        #expect(machine.restock(5, count: 0))
        #expect(machine.isSoldOut(5) == true)
        #expect(try machine.answer(to: .vend(selection: 5, id: Self.first))
            == .failed(selection: 5, id: Self.first, reason: .soldOut))
        #expect(machine.motorRuns == 0)
        #expect(try machine.answer(to: .last) == .last(LastVend(id: Self.first, result: .failed(.soldOut))))
    }

    @Test func aJamFailsOnceAndTheSameIDThenVends() throws {
        let machine = VendingMachine()
        #expect(machine.injectJam(1))
        #expect(try machine.answer(to: .vend(selection: 1, id: Self.first))
            == .failed(selection: 1, id: Self.first, reason: .motorJam))
        #expect(machine.stock(of: 1) == 5)
        // A failed vend is not "the last vended id": the retry runs the motor again.
        #expect(try machine.answer(to: .vend(selection: 1, id: Self.first)) == .vended(selection: 1, id: Self.first))
        #expect(machine.stock(of: 1) == 4)
        #expect(machine.motorRuns == 2)
    }

    @Test func anUnknownSelectionFailsBadSelection() throws {
        let machine = VendingMachine()
        #expect(try machine.answer(to: .vend(selection: 0, id: Self.first))
            == .failed(selection: 0, id: Self.first, reason: .badSelection))
        #expect(try machine.answer(to: .last) == .last(LastVend(id: Self.first, result: .failed(.badSelection))))
    }

    @Test func lastIsNoneBeforeAnyVend() throws {
        #expect(try VendingMachine().answer(to: .last) == .last(nil))
    }

    @Test func buttonPressesQueueInOrderAndAreBounded() throws {
        let machine = VendingMachine()
        #expect(try machine.answer(to: .poll) == .none)
        #expect(machine.press(2))
        #expect(machine.press(7))
        #expect(!machine.press(9))
        #expect(try machine.answer(to: .poll) == .button(selection: 2))
        #expect(try machine.answer(to: .poll) == .button(selection: 7))
        #expect(try machine.answer(to: .poll) == .none)
        for _ in 0..<VendingMachine.buttonQueueCapacity { #expect(machine.press(1)) }
        #expect(!machine.press(1))
    }

    @Test func displaysTwoLines() throws {
        let machine = VendingMachine()
        #expect(try machine.answer(to: .display(text: "Pocari Sweat|83 cents")) == .ok)
        #expect(machine.displayLines == ["Pocari Sweat", "83 cents"])
        #expect(try machine.answer(to: .display(text: "Thanks")) == .ok)
        #expect(machine.displayLines == ["Thanks", ""])
    }

    @Test func logsEveryMotorRunBeforeAnswering() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("motor.log")
        let machine = VendingMachine(motorLog: try MotorLog(path: path))
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        _ = try machine.answer(to: .vend(selection: 4, id: Self.first))
        _ = try machine.answer(to: .vend(selection: 4, id: Self.first))  // repeat: no motor run
        machine.injectJam(6)
        _ = try machine.answer(to: .vend(selection: 6, id: Self.second))
        machine.restock(2, count: 0)
        _ = try machine.answer(to: .vend(selection: 2, id: Self.second))  // sold out: no motor run

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let fields = lines.map { $0.split(separator: " ").map(String.init) }
        #expect(fields.map { Array($0.dropFirst()) } == [["4", "a1", "vended"], ["6", "b2", "jam"]])
        let stamps = fields.compactMap { Int64($0[0]) }
        #expect(stamps.count == 2)
        #expect(stamps.allSatisfy { $0 >= before })
    }

    @Test func operatorLinesParseAndAct() {
        let machine = VendingMachine()
        #expect(OperatorCommand(line: "press 3") == .press(3))
        #expect(OperatorCommand(line: "restock 2 9") == .restock(2, count: 9))
        #expect(OperatorCommand(line: "jam 1") == .jam(1))
        #expect(OperatorCommand(line: "quit") == .quit)
        #expect(OperatorCommand(line: "press") == nil)
        #expect(OperatorCommand(line: "press x") == nil)
        #expect(OperatorCommand(line: "dance 1") == nil)
        #expect(OperatorCommand.restock(2, count: 9).perform(on: machine))
        #expect(machine.stock(of: 2) == 9)
        #expect(!OperatorCommand.restock(2, count: 100_000).perform(on: machine))
    }
}
