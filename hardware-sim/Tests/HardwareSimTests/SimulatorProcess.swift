import Dispatch
import Foundation
import VendingController

/// A simulator executable (`vending-sim`, `irlink-sim`) running for a test, with
/// pipes on its standard input and output.
final class SimulatorProcess {
    /// The package's root (…/hardware-sim/Tests/HardwareSimTests/SimulatorProcess.swift → …).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built executable `name`: next to the test executable (`swift test` builds every
    /// product into the same folder, whatever `--scratch-path` is), else in `.build/debug`.
    static func binary(named name: String) -> URL? {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL {
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(packageRoot.appendingPathComponent(".build/debug"))
        return folders.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) was not found next to the test executable; build it (swift build --product \(name))" }
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let exited = DispatchSemaphore(value: 0)
    private var assembler = LineAssembler(maximumLength: 512)
    private var pending: [String] = []

    /// Starts `name arguments...`; its standard error goes to the test's.
    init(_ name: String, arguments: [String]) throws {
        guard let binary = Self.binary(named: name) else { throw BinaryMissing(name: name) }
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Writes `line` and `\n` to the process's standard input.
    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The next line of standard output within `timeout`, or nil.
    func readLine(timeout: Duration) -> String? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while pending.isEmpty {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { return nil }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&entry, 1, max(1, milliseconds)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 1024)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            for case .line(let line) in assembler.append(buffer.prefix(count)) {
                pending.append(line)
            }
        }
        return pending.removeFirst()
    }

    /// Reads lines until one equals `expected`, within `timeout`; false if none did.
    func waitForLine(_ expected: String, timeout: Duration) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while let line = readLine(timeout: clock.now.duration(to: deadline)) {
            if line == expected { return true }
        }
        return false
    }

    /// Waits up to `timeout` for the process to end; its exit status, or nil (then it is terminated).
    func waitForExit(timeout: Duration) -> Int32? {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        guard exited.wait(timeout: .now() + seconds) == .success else {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }
}
