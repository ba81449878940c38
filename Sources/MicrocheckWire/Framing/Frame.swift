/// One link-layer frame (protocol-spec/wire-protocol.md, "Frames").
///
/// ```
/// 0x7E | control | seq<<4 | ack | payload ... | CRC-16 (big-endian) | 0x7E
/// ```
/// Between the flags, 0x7E and 0x7D are sent as 0x7D followed by the byte XOR 0x20.
public struct Frame: Sendable, Hashable {
    /// What the frame carries.
    public enum Kind: UInt8, Sendable, Hashable {
        /// A fragment of a message.
        case data = 0
        /// An acknowledgement only.
        case ack = 1
        /// Both sides start over: sequence numbers and reassembly are reset.
        case reset = 2
    }

    /// The largest payload a frame may carry; peers negotiate down from it.
    public static let maximumPayload = 240
    /// The sequence number meaning "nothing received yet".
    public static let noSequence: UInt8 = 15

    /// What the frame carries.
    public var kind: Kind
    /// More fragments of the same message follow.
    public var moreFragments: Bool
    /// The sender gives the line to the other side after this frame (half duplex).
    public var endOfTurn: Bool
    /// The sequence number of a data frame, 0 to 15.
    public var sequence: UInt8
    /// The last data sequence number received in order, 0 to 15 (``noSequence`` if none).
    public var acknowledged: UInt8
    /// The payload (a message fragment for data frames; empty otherwise).
    public var payload: [UInt8]

    /// Creates a frame.
    public init(kind: Kind, moreFragments: Bool = false, endOfTurn: Bool = true, sequence: UInt8 = 0,
                acknowledged: UInt8, payload: [UInt8] = []) {
        self.kind = kind
        self.moreFragments = moreFragments
        self.endOfTurn = endOfTurn
        self.sequence = sequence & 0x0F
        self.acknowledged = acknowledged & 0x0F
        self.payload = payload
    }

    /// The bytes between the flags, before stuffing: header, payload, CRC.
    public var body: [UInt8] {
        let control = kind.rawValue << 6 | (moreFragments ? 0x20 : 0) | (endOfTurn ? 0x10 : 0)
        var bytes = [control, sequence << 4 | acknowledged] + payload
        let crc = CRC16.checksum(bytes)
        bytes.append(UInt8(crc >> 8))
        bytes.append(UInt8(crc & 0xFF))
        return bytes
    }

    /// Reads a frame from its unstuffed body.
    public init(body: [UInt8]) throws(WireError) {
        guard body.count >= 4 else { throw WireError(.truncated, at: 0, "a frame has at least 4 bytes, this one \(body.count)") }
        guard body.count - 4 <= Self.maximumPayload else {
            throw WireError(.tooLarge, at: 0, "payload of \(body.count - 4) bytes is above \(Self.maximumPayload)")
        }
        let crc = UInt16(body[body.count - 2]) << 8 | UInt16(body[body.count - 1])
        guard CRC16.checksum(body.dropLast(2)) == crc else { throw WireError(.badChecksum, at: body.count - 2, "frame check sequence mismatch") }
        guard let kind = Kind(rawValue: body[0] >> 6), body[0] & 0x0F == 0 else {
            throw WireError(.invalidValue, at: 0, "control byte 0x\(String(body[0], radix: 16)) is not defined")
        }
        self.init(kind: kind, moreFragments: body[0] & 0x20 != 0, endOfTurn: body[0] & 0x10 != 0,
                  sequence: body[1] >> 4, acknowledged: body[1] & 0x0F, payload: Array(body[2..<(body.count - 2)]))
    }

    /// The frame as sent: flags and stuffed body.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = [FrameDecoder.flag]
        for byte in body {
            if byte == FrameDecoder.flag || byte == FrameDecoder.escape {
                bytes.append(FrameDecoder.escape)
                bytes.append(byte ^ 0x20)
            } else {
                bytes.append(byte)
            }
        }
        bytes.append(FrameDecoder.flag)
        return bytes
    }
}
