import SerialLink
import Synchronization
import VendingController

/// Serves the vending controller protocol for a ``VendingMachine`` over a byte
/// channel (a pty, a serial port), on a thread of its own.
///
/// Lines are split by a ``LineAssembler``: an overlong line is answered
/// `ERR line-too-long`, a malformed one `ERR unknown-command` or `ERR bad-argument`,
/// an empty line is ignored (a host may send `\n` to end stray bytes).
/// The server ends when ``stop()`` is called, when the channel fails, or when the
/// motor log cannot be written (``failure`` says which).
public final class VendingControllerServer: Sendable {
    /// The most bytes read from the channel at once.
    static let readSize = 256
    /// How long one read waits before the stop flag is checked again.
    static let readTimeout: Duration = .milliseconds(50)

    /// The machine served.
    public let machine: VendingMachine
    private let channel: any ByteChannel
    private let worker: Mutex<WorkerThread?> = Mutex(nil)
    private let failureDescription: Mutex<String?> = Mutex(nil)

    /// Creates a server; call ``start()`` to serve.
    public init(machine: VendingMachine, channel: any ByteChannel) {
        self.machine = machine
        self.channel = channel
    }

    /// Why the server ended on its own (a channel or motor log error), if it did.
    public var failure: String? {
        failureDescription.withLock { $0 }
    }

    /// The answer to one line as the server gives it: nil for an empty line.
    public static func answer(to line: AssembledLine, machine: VendingMachine) throws(SimulatorFileError) -> ControllerAnswer? {
        switch line {
        case .tooLong:
            return .error(.lineTooLong)
        case .line(let text):
            guard !text.isEmpty else { return nil }
            let command: ControllerCommand
            do throws(ControllerProtocolError) {
                command = try ControllerCommand.parse(line: text)
            } catch {
                return .error(error.errorReason)
            }
            return try machine.answer(to: command)
        }
    }

    /// Starts serving on a new thread.
    public func start() {
        worker.withLock { worker in
            precondition(worker == nil, "a VendingControllerServer is started once")
            worker = WorkerThread(name: "vending-controller") { [self] thread in serve(thread) }
        }
    }

    /// Stops serving and waits for the thread to end.
    public func stop() {
        worker.withLock { $0 }?.stopAndJoin()
    }

    private func serve(_ thread: WorkerThread) {
        var assembler = LineAssembler()
        while !thread.isStopRequested {
            do {
                let bytes = try channel.receive(maximum: Self.readSize, timeout: Self.readTimeout)
                for line in assembler.append(bytes) {
                    guard let answer = try Self.answer(to: line, machine: machine) else { continue }
                    try channel.send(Array((answer.line + "\n").utf8))
                }
            } catch {
                failureDescription.withLock { $0 = String(describing: error) }
                return
            }
        }
    }
}
