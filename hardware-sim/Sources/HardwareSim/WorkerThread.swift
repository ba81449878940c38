import Dispatch
import Foundation
import Synchronization

/// A named thread running a loop that checks ``isStopRequested``; ``stopAndJoin()``
/// asks it to end and waits until it has.
final class WorkerThread: Sendable {
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread; `body` must return soon after ``isStopRequested`` turns true.
    init(name: String, body: @escaping @Sendable (WorkerThread) -> Void) {
        let thread = Thread { [self] in
            body(self)
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Whether the loop should end.
    var isStopRequested: Bool { stopRequested.load(ordering: .acquiring) }

    /// Asks the loop to end and waits until it has (safe to call more than once).
    func stopAndJoin() {
        stopRequested.store(true, ordering: .releasing)
        finished.wait()
        finished.signal()
    }
}
