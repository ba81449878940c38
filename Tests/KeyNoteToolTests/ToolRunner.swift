import BuiltPrograms
import Foundation
import Testing

/// Finds the built `keynote` executable and runs it.
enum ToolRunner {
    /// The `keynote` binary: `$KEYNOTE_TOOL` if set; otherwise the one next to
    /// the test executable (`swift test` builds every product of the package
    /// into the same directory, `<scratch>/<triple>/debug`, whatever
    /// `--scratch-path` is); otherwise `.build/debug/keynote` or
    /// `.build-cli/debug/keynote` under the package root.
    static let binary: URL? = BuiltPrograms.url(of: "keynote", override: "KEYNOTE_TOOL")

    /// What a run produced.
    struct Run: Sendable {
        /// The exit status, or the signal number when `signaled`.
        var status: Int32
        var signaled: Bool
        var timedOut: Bool
        var stdoutBytes: [UInt8]
        var stderrBytes: [UInt8]

        var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
        var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }
        /// Exited normally with status 0.
        var succeeded: Bool { !signaled && !timedOut && status == 0 }
    }

    struct ToolMissing: Error, CustomStringConvertible {
        var description: String {
            "the keynote binary was not found next to the test executable nor in .build/debug; "
                + "build it (swift build --product keynote) or set KEYNOTE_TOOL"
        }
    }

    /// Owns a running process for the timeout task.
    private final class ProcessBox: @unchecked Sendable {
        private let process: Process
        private let lock = NSLock()
        private var killed = false

        init(_ process: Process) { self.process = process }

        /// Terminates the process if it still runs.
        func kill() {
            lock.lock()
            defer { lock.unlock() }
            if process.isRunning {
                killed = true
                process.terminate()
            }
        }

        var wasKilled: Bool {
            lock.lock()
            defer { lock.unlock() }
            return killed
        }
    }

    /// Runs `keynote arguments...` in `directory` with standard input from
    /// /dev/null; output goes through files (no pipe can fill up).
    static func run(_ arguments: [String], in directory: URL, timeout: Duration = .seconds(60)) async throws -> Run {
        guard let binary else { throw ToolMissing() }
        let outputs = FileManager.default.temporaryDirectory
            .appendingPathComponent("keynote-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        let stdoutURL = outputs.appendingPathComponent("stdout")
        let stderrURL = outputs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
        }

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        let box = ProcessBox(process)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            box.kill()
        }
        defer { watchdog.cancel() }

        let (status, signaled): (Int32, Bool) = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: (finished.terminationStatus, finished.terminationReason == .uncaughtSignal))
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let timedOut = box.wasKilled
        return Run(status: status, signaled: signaled, timedOut: timedOut,
                   stdoutBytes: [UInt8]((try? Data(contentsOf: stdoutURL)) ?? Data()),
                   stderrBytes: [UInt8]((try? Data(contentsOf: stderrURL)) ?? Data()))
    }

    /// A new empty directory, removed by `body`'s end.
    static func withDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("keynote-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }

    /// Writes `text` as UTF-8 to `name` in `directory`.
    static func write(_ text: String, to name: String, in directory: URL) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    /// Writes bytes to `name` in `directory`.
    static func write(bytes: [UInt8], to name: String, in directory: URL) throws {
        try Data(bytes).write(to: directory.appendingPathComponent(name))
    }
}
