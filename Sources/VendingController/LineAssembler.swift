/// What ``LineAssembler`` found in a byte stream.
public enum AssembledLine: Sendable, Hashable {
    /// A complete line, without its `\n` and without a `\r` just before it.
    /// It may still contain bytes the parsers reject (they report the column).
    case line(String)
    /// A line longer than the limit ended; its bytes were discarded.
    /// A controller answers `ERR line-too-long` to it.
    case tooLong
}

/// Splits a byte stream into protocol lines, in bounded memory.
///
/// Lines end at `\n`; a `\r` just before the `\n` is dropped. A line longer than
/// `maximumLength` is not kept: the assembler discards bytes up to the next `\n`,
/// reports ``AssembledLine/tooLong`` once, and continues in step with the stream
/// after it. Feed it bytes in any pieces, down to one at a time.
public struct LineAssembler: Sendable {
    /// The longest line kept, in bytes, without the line end.
    public let maximumLength: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    /// Creates an assembler for lines of at most `maximumLength` bytes.
    public init(maximumLength: Int = VendingProtocol.maximumLineLength) {
        self.maximumLength = max(1, maximumLength)
        buffer.reserveCapacity(self.maximumLength + 1)
    }

    /// Whether part of a line is waiting for its `\n` (kept or being discarded).
    public var hasPartialLine: Bool { discarding || !buffer.isEmpty }

    /// Takes more bytes; returns the lines they completed, in order.
    public mutating func append(_ bytes: some Sequence<UInt8>) -> [AssembledLine] {
        var lines: [AssembledLine] = []
        for byte in bytes {
            if let line = append(byte) {
                lines.append(line)
            }
        }
        return lines
    }

    /// Takes one byte; returns the line it completed, if any.
    public mutating func append(_ byte: UInt8) -> AssembledLine? {
        if byte == UInt8(ascii: "\n") {
            defer {
                buffer.removeAll(keepingCapacity: true)
                discarding = false
            }
            if discarding { return .tooLong }
            if buffer.last == UInt8(ascii: "\r") { buffer.removeLast() }
            return .line(String(decoding: buffer, as: UTF8.self))
        }
        guard !discarding else { return nil }
        buffer.append(byte)
        // One byte over the limit is allowed only when it is the `\r` of a line end.
        let isPendingCarriageReturn = buffer.count == maximumLength + 1 && byte == UInt8(ascii: "\r")
        if buffer.count > maximumLength && !isPendingCarriageReturn {
            buffer.removeAll(keepingCapacity: true)
            discarding = true
        }
        return nil
    }
}
