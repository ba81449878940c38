import HardwareSim
import Testing
import VendingController

/// Seeded random bytes through the assembler, the parsers and the server's answer path:
/// nothing traps, every line gets an answer, and every answer parses back.
@Suite struct RandomInputTests {
    @Test func randomBytesAreAnsweredAndNeverTrap() throws {
        var random = SplitMix64(seed: 2026)
        var assembler = LineAssembler()
        let machine = VendingMachine()
        let words = ["HELLO", "POLL", "INFO ", "STOCK ", "VEND ", "LAST", "DISPLAY ", " ", "1", "a", "|", "\n", "\r"]
        var answered = 0
        for _ in 0..<20_000 {
            let bytes: [UInt8]
            if random.next() % 2 == 0 {
                bytes = Array(words[Int(random.next() % UInt64(words.count))].utf8)
            } else {
                bytes = [UInt8(truncatingIfNeeded: random.next())]
            }
            for line in assembler.append(bytes) {
                guard let answer = try VendingControllerServer.answer(to: line, machine: machine) else { continue }
                #expect(try ControllerAnswer.parse(line: answer.line) == answer)
                answered += 1
            }
        }
        #expect(answered > 100)
    }
}
