internal import CZlib

/// Raw deflate (RFC 1951) with a preset dictionary of the text our KeyNote
/// assertions are made of, so that a credential crosses a slow link in a
/// fraction of its size. Expansion is bounded: a peer cannot make us inflate
/// more than the caller allows.
public struct AssertionCompressor: Sendable {
    /// Which preset dictionary (wire capability bit `dictionary1`).
    public let dictionary: [UInt8]

    /// The compressor with preset dictionary 1 (protocol-spec/wire-protocol.md, "Compression").
    public static let dictionary1 = AssertionCompressor(dictionary: Array(PresetDictionary.version1.utf8))

    /// Creates a compressor with a preset dictionary.
    public init(dictionary: [UInt8]) {
        self.dictionary = dictionary
    }

    /// Compresses `bytes`.
    public func compress(_ bytes: [UInt8]) throws(CompressionError) -> [UInt8] {
        var stream = z_stream()
        guard czlib_deflate_init_raw(&stream, Z_BEST_COMPRESSION) == Z_OK else { throw CompressionError("deflateInit2 failed") }
        defer { deflateEnd(&stream) }
        let setDictionary = dictionary.withUnsafeBufferPointer { deflateSetDictionary(&stream, $0.baseAddress, UInt32($0.count)) }
        guard setDictionary == Z_OK else { throw CompressionError("deflateSetDictionary failed") }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 16)
        let result = try Self.finish(&stream, input: bytes, output: &output) { deflate(&$0, Z_FINISH) }
        guard result == Z_STREAM_END else { throw CompressionError("deflate failed (\(result))") }
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// Expands `bytes` from a peer into at most `maximum` bytes.
    ///
    /// - Throws: when the data is not valid deflate for this dictionary, is
    ///   truncated, has bytes after its end, or would expand beyond `maximum`.
    public func expand(_ bytes: [UInt8], maximum: Int) throws(CompressionError) -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflate_init_raw(&stream) == Z_OK else { throw CompressionError("inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        let setDictionary = dictionary.withUnsafeBufferPointer { inflateSetDictionary(&stream, $0.baseAddress, UInt32($0.count)) }
        guard setDictionary == Z_OK else { throw CompressionError("inflateSetDictionary failed") }
        guard let inputCount = UInt32(exactly: bytes.count), maximum < Int(UInt32.max) else {
            throw CompressionError("\(bytes.count) bytes are beyond zlib's sizes")
        }
        // The output grows as it fills (a peer's small message never costs the maximum), up to one byte past the maximum.
        var output = [UInt8](repeating: 0, count: min(maximum + 1, max(4_096, bytes.count * 4)))
        var produced = 0
        var result = Z_OK
        var input = bytes
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = inputCount
            while true {
                result = output.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress.map { $0 + produced }
                    stream.avail_out = UInt32(outputBuffer.count - produced)
                    let code = inflate(&stream, Z_FINISH)
                    produced = outputBuffer.count - Int(stream.avail_out)
                    return code
                }
                guard result == Z_BUF_ERROR, stream.avail_out == 0, output.count <= maximum else { break }
                output += [UInt8](repeating: 0, count: min(maximum + 1, output.count * 2) - output.count)
            }
        }
        let consumed = Int(stream.total_in)
        guard result == Z_STREAM_END else {
            if produced > maximum {
                throw CompressionError("expands beyond \(maximum) bytes", offset: consumed)
            }
            throw CompressionError(result == Z_BUF_ERROR ? "truncated deflate data" : "invalid deflate data (\(result))", offset: consumed)
        }
        guard produced <= maximum else { throw CompressionError("expands beyond \(maximum) bytes", offset: consumed) }
        guard consumed == bytes.count else { throw CompressionError("bytes after the end of the deflate data", offset: consumed) }
        output.removeSubrange(produced...)
        return output
    }

    /// Runs `operation` once over all of `input` into `output` (both within zlib's 32-bit sizes).
    private static func finish(_ stream: inout z_stream, input: [UInt8], output: inout [UInt8],
                               _ operation: (inout z_stream) -> Int32) throws(CompressionError) -> Int32 {
        guard let inputCount = UInt32(exactly: input.count), let outputCount = UInt32(exactly: output.count) else {
            throw CompressionError("\(input.count) bytes are beyond zlib's sizes")
        }
        var input = input
        return input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = inputCount
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = outputCount
                return operation(&stream)
            }
        }
    }
}
