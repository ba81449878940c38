#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing the tool's files byte for byte (assertions are signed
/// as bytes: nothing is decoded or normalised on the way).
enum Files {
    /// The largest file the tool reads. Assertions, keys and environment files
    /// are a few KiB; this only stops a runaway read (a device, a huge file).
    static let maximumSize = 16 * 1024 * 1024

    /// The bytes of the file at `path`.
    ///
    /// - Throws: a failure worded like perror(3): `path: reason`.
    static func read(_ path: String) throws(ToolFailure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ToolFailure("\(path): \(systemError())") }
        defer { _ = close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolFailure("\(path): \(systemError())")
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= maximumSize else {
                throw ToolFailure("\(path): file larger than \(maximumSize) bytes")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes `text` to `path` (created or truncated), or to standard output
    /// when `path` is `-`.
    ///
    /// - Parameter private: create the file readable by its owner only
    ///   (mode 0600, also applied to an existing file), for private keys.
    static func write(_ text: String, to path: String, private: Bool) throws(ToolFailure) {
        if path == "-" {
            Console.output(text)
            return
        }
        let mode: mode_t = `private` ? 0o600 : 0o666
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard descriptor >= 0 else { throw ToolFailure("\(path): \(systemError())") }
        defer { _ = close(descriptor) }
        if `private`, fchmod(descriptor, 0o600) != 0 {
            throw ToolFailure("\(path): cannot make the private key file private: \(systemError())")
        }
        do {
            try Console.write(Array(text.utf8), to: descriptor)
        } catch {
            throw ToolFailure("\(path): \(error.message)")
        }
    }
}

private func systemRead(_ descriptor: Int32, _ pointer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, pointer, count)
    #elseif canImport(Musl)
    Musl.read(descriptor, pointer, count)
    #else
    Darwin.read(descriptor, pointer, count)
    #endif
}
