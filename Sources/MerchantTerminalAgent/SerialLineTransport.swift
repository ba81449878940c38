import SerialLink
import VendingController

/// The vending controller's line protocol over a serial port.
final class SerialLineTransport: LineTransport {
    private let port: SerialPort
    private var assembler = LineAssembler()
    private var lines: [String] = []

    init(port: SerialPort) {
        self.port = port
    }

    func send(_ line: String) throws {
        try port.send(Array((line + "\n").utf8))
    }

    func receiveLine(timeout: Duration) throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while lines.isEmpty {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            for found in assembler.append(try port.receive(maximum: 256, timeout: remaining)) {
                if case .line(let text) = found { lines.append(text) }
            }
        }
        return lines.removeFirst()
    }
}
