/// Finds frames in a noisy byte stream: hunts for a flag, unstuffs, checks
/// size and CRC, and resynchronises at the next flag after anything bad.
/// Feed it bytes as they arrive, in any chunking.
public struct FrameDecoder: Sendable {
    /// The frame delimiter.
    public static let flag: UInt8 = 0x7E
    /// The escape byte.
    public static let escape: UInt8 = 0x7D

    /// Counters of what was thrown away, for link statistics.
    public struct Discards: Sendable, Hashable {
        /// Bytes outside any frame.
        public var garbageBytes = 0
        /// Frames with a bad CRC.
        public var badChecksums = 0
        /// Frames too long or too short or otherwise malformed.
        public var malformed = 0
    }

    private var buffer: [UInt8] = []
    private var inFrame = false
    private var escaped = false
    private var overflowed = false
    private let maximumBody: Int
    /// What was discarded so far.
    public private(set) var discards = Discards()

    /// A decoder for frames whose payload is at most `maximumPayload` bytes.
    public init(maximumPayload: Int = Frame.maximumPayload) {
        maximumBody = min(maximumPayload, Frame.maximumPayload) + 4
    }

    /// Consumes `bytes`; returns the frames completed by them, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Frame] {
        var frames: [Frame] = []
        for byte in bytes {
            if byte == Self.flag {
                if inFrame, !buffer.isEmpty || overflowed || escaped {
                    if let frame = finish() { frames.append(frame) }
                }
                inFrame = true
                buffer.removeAll(keepingCapacity: true)
                escaped = false
                overflowed = false
                continue
            }
            guard inFrame else {
                discards.garbageBytes += 1
                continue
            }
            if overflowed { continue }
            if byte == Self.escape {
                escaped = true
                continue
            }
            buffer.append(escaped ? byte ^ 0x20 : byte)
            escaped = false
            if buffer.count > maximumBody {
                overflowed = true
                buffer.removeAll(keepingCapacity: true)
            }
        }
        return frames
    }

    private mutating func finish() -> Frame? {
        if overflowed || escaped {
            discards.malformed += 1
            return nil
        }
        do {
            return try Frame(body: buffer)
        } catch {
            if error.code == .badChecksum { discards.badChecksums += 1 } else { discards.malformed += 1 }
            return nil
        }
    }
}
