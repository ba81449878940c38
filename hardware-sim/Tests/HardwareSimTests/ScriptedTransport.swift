import Synchronization
import VendingController

/// A ``LineTransport`` test double: records the lines sent and answers from a
/// script (a closure from the line sent to the lines that come back, possibly none).
final class ScriptedTransport: LineTransport, Sendable {
    private struct State {
        var sent: [String] = []
        var incoming: [String] = []
    }

    private let state = Mutex(State())
    private let script: @Sendable (String, Int) -> [String]

    /// `script(line, index)` gives the answers to the `index`-th line sent (from 0).
    init(script: @escaping @Sendable (String, Int) -> [String]) {
        self.script = script
    }

    /// Lines waiting before anything is sent (stale answers).
    func preload(_ lines: [String]) {
        state.withLock { $0.incoming += lines }
    }

    var sent: [String] {
        state.withLock { $0.sent }
    }

    func send(_ line: String) throws {
        state.withLock { state in
            state.incoming += script(line, state.sent.count)
            state.sent.append(line)
        }
    }

    /// Returns a waiting line at once, or nil without waiting (the host's timeout has "passed").
    func receiveLine(timeout: Duration) throws -> String? {
        state.withLock { $0.incoming.isEmpty ? nil : $0.incoming.removeFirst() }
    }
}
