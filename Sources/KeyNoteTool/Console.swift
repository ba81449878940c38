#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure that ends the tool: the message for standard error and the exit
/// status. Messages say what went wrong and where (file, line, column).
struct ToolFailure: Error, CustomStringConvertible {
    var message: String
    var status: Int32

    init(_ message: String, status: Int32 = 1) {
        self.message = message
        self.status = status
    }

    var description: String { message }
}

/// Unbuffered writes to standard output and standard error, so that the two
/// streams keep the order in which things happened.
enum Console {
    /// Writes `text` to standard output as is.
    static func output(_ text: String) {
        write(text, to: 1)
    }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        write(text.hasSuffix("\n") ? text : text + "\n", to: 2)
    }

    /// Ends the process.
    static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(status)
        #elseif canImport(Musl)
        Musl.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }

    /// Writes all of `bytes` to `descriptor`, retrying after interruptions.
    static func write(_ bytes: [UInt8], to descriptor: Int32) throws(ToolFailure) {
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ToolFailure("write failed: \(systemError())")
            }
            done += written
        }
    }

    private static func write(_ text: String, to descriptor: Int32) {
        // A closed or broken standard stream leaves nothing to report to.
        try? write(Array(text.utf8), to: descriptor)
    }

    private static func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, pointer, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, pointer, count)
        #else
        Darwin.write(descriptor, pointer, count)
        #endif
    }
}

/// The text of the current `errno`, as perror(3) prints it.
func systemError(_ code: Int32 = errno) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}
