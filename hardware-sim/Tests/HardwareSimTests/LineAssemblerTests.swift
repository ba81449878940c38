import Testing
import VendingController

/// The byte-stream splitter: byte at a time, line ends, overlong lines and resynchronisation.
@Suite struct LineAssemblerTests {
    @Test func splitsLinesFedOneByteAtATime() {
        var assembler = LineAssembler()
        var lines: [AssembledLine] = []
        for byte in Array("HELLO\r\nPOLL\nINFO 3\n".utf8) {
            if let line = assembler.append(byte) { lines.append(line) }
        }
        #expect(lines == [.line("HELLO"), .line("POLL"), .line("INFO 3")])
        #expect(!assembler.hasPartialLine)
    }

    @Test func keepsAPartialLineUntilItsEnd() {
        var assembler = LineAssembler()
        #expect(assembler.append(Array("STO".utf8)).isEmpty)
        #expect(assembler.hasPartialLine)
        #expect(assembler.append(Array("CK 2\nLA".utf8)) == [.line("STOCK 2")])
        #expect(assembler.append(Array("ST\n".utf8)) == [.line("LAST")])
    }

    @Test func acceptsALineOfExactlyTheLimitWithOrWithoutCarriageReturn() {
        var assembler = LineAssembler()
        let longest = String(repeating: "x", count: VendingProtocol.maximumLineLength)
        #expect(assembler.append(Array((longest + "\n").utf8)) == [.line(longest)])
        #expect(assembler.append(Array((longest + "\r\n").utf8)) == [.line(longest)])
    }

    @Test func reportsAnOverlongLineOnceAndResyncsAfterIt() {
        var assembler = LineAssembler()
        let overlong = Array(repeating: UInt8(ascii: "z"), count: 10_000)
        var lines: [AssembledLine] = []
        for byte in overlong + Array("\nPOLL\n".utf8) {
            if let line = assembler.append(byte) { lines.append(line) }
        }
        #expect(lines == [.tooLong, .line("POLL")])
    }

    @Test func oneByteOverTheLimitIsTooLong() {
        var assembler = LineAssembler()
        let line = String(repeating: "x", count: VendingProtocol.maximumLineLength + 1)
        #expect(assembler.append(Array((line + "\r\n").utf8)) == [.tooLong])
    }

    @Test func passesGarbageThroughForTheParserToReject() throws {
        var assembler = LineAssembler()
        let lines = assembler.append([0xFF, 0x00, 0x41, 0x0A])
        #expect(lines.count == 1)
        guard case .line(let text)? = lines.first else {
            Issue.record("expected a line")
            return
        }
        #expect(throws: ControllerProtocolError.self) { try ControllerCommand.parse(line: text) }
    }
}
