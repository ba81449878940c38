import Foundation
import VendingController

/// Unbuffered standard streams for the simulator executables: a test reads
/// their first lines (`device <path>`) while they run, so nothing may wait in a buffer.
public enum StandardStreams {
    /// Writes `line` and `\n` to standard output at once.
    public static func printLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Writes `line` and `\n` to standard error at once.
    public static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Reads standard input as bounded lines and calls `handle` for each until it
    /// returns false or input ends. Overlong lines are reported on standard error and skipped.
    public static func readLines(maximumLength: Int = 256, _ handle: (String) -> Bool) {
        var assembler = LineAssembler(maximumLength: maximumLength)
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            for line in assembler.append(buffer.prefix(count)) {
                switch line {
                case .line(let text):
                    if !handle(text) { return }
                case .tooLong:
                    printError("error line longer than \(maximumLength) bytes skipped")
                }
            }
        }
    }
}
