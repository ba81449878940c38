import MicrocheckWire
import SerialLink

/// Messages over a noisy half-duplex byte channel (protocol-spec/wire-protocol.md,
/// "Link"): each message is cut into frames of the negotiated payload size;
/// each data frame is sent and the line turned over until the peer
/// acknowledges it (stop and wait), and sent again on timeout; duplicates
/// are acknowledged again and dropped; a reset frame starts a contact over.
///
/// One conversation drives one link at a time; the link may move between
/// threads (it is `Sendable` for that), but is never used by two at once.
public final class ReliableLink: @unchecked Sendable {
    private let channel: any ByteChannel
    /// The timings in use.
    public let timing: LinkTiming
    /// The payload size of outgoing data frames; lowered by ``negotiate(maximumPayload:)``.
    public private(set) var maximumPayload: Int
    /// What the link did so far.
    public private(set) var statistics = LinkStatistics()

    private var decoder = FrameDecoder()
    private var nextSequence: UInt8 = 0
    private var lastReceived: UInt8 = Frame.noSequence
    private var pending: [Frame] = []
    private var reassembly: [UInt8] = []
    private var messages: [[UInt8]] = []

    /// A link over `channel`.
    public init(channel: any ByteChannel, timing: LinkTiming, maximumPayload: Int = Frame.maximumPayload) {
        self.channel = channel
        self.timing = timing
        self.maximumPayload = min(max(32, maximumPayload), Frame.maximumPayload)
    }

    /// Lowers the payload size to what the peer takes.
    public func negotiate(maximumPayload: Int) {
        self.maximumPayload = min(self.maximumPayload, max(32, maximumPayload))
    }

    /// Starts a contact: tells the peer to forget sequence numbers and any
    /// half-received message, and waits for its acknowledgement.
    public func reset() throws(LinkError) {
        startOver()
        for _ in 0..<timing.attempts {
            try transmit(Frame(kind: .reset, acknowledged: Frame.noSequence))
            let deadline = ContinuousClock.now + timing.retransmitTimeout
            while ContinuousClock.now < deadline {
                for frame in try read(until: deadline) where frame.kind == .ack && frame.acknowledged == Frame.noSequence {
                    return
                }
            }
            statistics.retransmissions += 1
        }
        throw LinkError(.noAcknowledgement, "no answer to a reset after \(timing.attempts) attempts")
    }

    /// Sends a message and returns once the peer acknowledged every frame.
    public func send(_ message: [UInt8]) throws(LinkError) {
        var fragments: [[UInt8]] = []
        var index = 0
        repeat {
            let end = min(message.count, index + maximumPayload)
            fragments.append(Array(message[index..<end]))
            index = end
        } while index < message.count
        for (number, fragment) in fragments.enumerated() {
            let frame = Frame(kind: .data, moreFragments: number < fragments.count - 1, endOfTurn: true,
                              sequence: nextSequence, acknowledged: lastReceived, payload: fragment)
            try deliver(frame)
            nextSequence = (nextSequence + 1) % 15
        }
    }

    /// The next message from the peer, or nil if none arrived within `timeout`.
    /// A reset from the peer is acknowledged and starts the link over.
    public func receive(timeout: Duration) throws(LinkError) -> [UInt8]? {
        if !messages.isEmpty { return messages.removeFirst() }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            _ = try read(until: deadline)
            if !messages.isEmpty { return messages.removeFirst() }
        }
        return nil
    }

    private func startOver() {
        nextSequence = 0
        lastReceived = Frame.noSequence
        reassembly = []
        messages = []
        pending = []
    }

    private func deliver(_ frame: Frame) throws(LinkError) {
        for attempt in 0..<timing.attempts {
            if attempt > 0 { statistics.retransmissions += 1 }
            try transmit(frame)
            let deadline = ContinuousClock.now + timing.retransmitTimeout
            while ContinuousClock.now < deadline {
                let frames = try read(until: deadline)
                if frames.contains(where: { $0.kind == .reset }) {
                    throw LinkError(.reset, "the peer started a new contact while we were sending")
                }
                if frames.contains(where: { $0.acknowledged == frame.sequence && $0.kind != .reset }) { return }
            }
        }
        throw LinkError(.noAcknowledgement, "frame \(frame.sequence) not acknowledged after \(timing.attempts) attempts")
    }

    private func transmit(_ frame: Frame) throws(LinkError) {
        let bytes = frame.encoded
        do {
            try channel.send(bytes)
        } catch {
            throw LinkError(.line, error.description)
        }
        statistics.bytesSent += bytes.count
        statistics.framesSent += 1
        statistics.frameBytesSent += frame.body.count + 2
    }

    /// Reads what arrives until `deadline` or until at least one frame came;
    /// handles data and reset frames (acknowledging them) and returns every frame.
    private func read(until deadline: ContinuousClock.Instant) throws(LinkError) -> [Frame] {
        var frames = pending
        pending = []
        if frames.isEmpty {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return [] }
            let bytes: [UInt8]
            do {
                bytes = try channel.receive(maximum: 512, timeout: remaining)
            } catch {
                throw LinkError(.line, error.description)
            }
            frames = decode(bytes)
        }
        for frame in frames {
            switch frame.kind {
            case .reset:
                startOver()
                try turnAround()
                try transmit(Frame(kind: .ack, acknowledged: Frame.noSequence))
            case .data:
                try accept(frame)
            case .ack:
                break
            }
        }
        return frames
    }

    private func accept(_ frame: Frame) throws(LinkError) {
        if frame.sequence == lastReceived {
            statistics.duplicates += 1
        } else {
            lastReceived = frame.sequence
            reassembly += frame.payload
            guard reassembly.count <= WireLimits.message else {
                reassembly = []
                throw LinkError(.messageTooLarge, "a message above \(WireLimits.message) bytes")
            }
            if !frame.moreFragments {
                messages.append(reassembly)
                reassembly = []
            }
        }
        try turnAround()
        try transmit(Frame(kind: .ack, acknowledged: frame.sequence))
    }

    private func decode(_ bytes: [UInt8]) -> [Frame] {
        statistics.bytesReceived += bytes.count
        let before = decoder.discards
        let frames = decoder.feed(bytes)
        statistics.badFrames += (decoder.discards.badChecksums - before.badChecksums) + (decoder.discards.malformed - before.malformed)
        return frames
    }

    private func turnAround() throws(LinkError) {
        guard timing.turnaround > .zero else { return }
        // Wait out the turnaround while still reading, so nothing is lost.
        let until = ContinuousClock.now + timing.turnaround
        while ContinuousClock.now < until {
            do {
                pending += decode(try channel.receive(maximum: 512, timeout: until - ContinuousClock.now))
            } catch {
                throw LinkError(.line, error.description)
            }
        }
    }
}
