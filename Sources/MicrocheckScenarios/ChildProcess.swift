import Foundation

/// A program of the project run as a child: its standard input takes
/// operator lines, its standard output is read line by line as it comes.
public final class ChildProcess: @unchecked Sendable {
    /// The program's name, for messages.
    public let name: String
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var partial = Data()
    private var ended = false
    private var exitedAt: ContinuousClock.Instant?
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments` and extra `environment` variables.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        name = executable.lastPathComponent
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            self?.take(handle.availableData)
        }
        let exited = exited
        process.terminationHandler = { [weak self] _ in
            exited.signal()
            self?.noteExit()
        }
        try process.run()
    }

    deinit {
        stop()
    }

    private func take(_ data: Data) {
        condition.lock()
        defer { condition.unlock() }
        if data.isEmpty {
            ended = true
            output.fileHandleForReading.readabilityHandler = nil
        }
        partial.append(data)
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial.removeSubrange(partial.startIndex...newline)
        }
        condition.broadcast()
    }

    private func noteExit() {
        condition.lock()
        exitedAt = ContinuousClock.now
        condition.broadcast()
        condition.unlock()
    }

    /// The next output line that starts with `prefix` (earlier lines are
    /// dropped), or nil when none came within `timeout` or the output ended.
    public func line(startingWith prefix: String, timeout: Duration) -> String? {
        line(timeout: timeout) { $0.hasPrefix(prefix) }
    }

    /// The next output line that contains `text` (earlier lines are
    /// dropped), or nil when none came within `timeout` or the output ended.
    public func line(containing text: String, timeout: Duration) -> String? {
        line(timeout: timeout) { $0.contains(text) }
    }

    private func line(timeout: Duration, matching matches: (String) -> Bool) -> String? {
        let (seconds, attoseconds) = timeout.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while true {
            while !lines.isEmpty {
                let line = lines.removeFirst()
                if matches(line) { return line }
            }
            if ended { return nil }
            // EOF on the pipe is not always reported: once the program has
            // exited, what it wrote arrives within a moment or not at all.
            if let exitedAt, ContinuousClock.now - exitedAt > .milliseconds(500) { return nil }
            let slice = exitedAt == nil ? deadline : min(deadline, Date(timeIntervalSinceNow: 0.1))
            if !condition.wait(until: slice), slice == deadline { return nil }
        }
    }

    /// Writes an operator line to the program's standard input.
    public func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Waits for the program to exit; its status, or nil if it is still running after `timeout`.
    public func waitForExit(timeout: Duration) -> Int32? {
        let (seconds, attoseconds) = timeout.components
        guard exited.wait(timeout: .now() + Double(seconds) + Double(attoseconds) / 1e18) == .success else { return nil }
        exited.signal()
        return process.terminationStatus
    }

    /// Kills the program at once (SIGKILL), as a power cut would stop it, and waits for it.
    public func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        _ = waitForExit(timeout: .seconds(10))
    }

    /// Whether the program still runs.
    public var isRunning: Bool { process.isRunning }

    /// Ends the program if it still runs: SIGTERM, then SIGKILL after two
    /// seconds (a parent that ignores SIGTERM passes that on to its children).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        if waitForExit(timeout: .seconds(2)) == nil {
            Foundation.kill(process.processIdentifier, SIGKILL)
            _ = waitForExit(timeout: .seconds(10))
        }
    }
}
