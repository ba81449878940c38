import MicrocheckWire
import SerialLink

/// How long the link waits, from the line's speed: a frame's time on the
/// wire both ways, the IrDA-style turnaround, and a margin for the peer.
public struct LinkTiming: Sendable, Hashable {
    /// Wait between receiving and transmitting, so a half-duplex peer can turn its line around.
    public var turnaround: Duration
    /// How long to wait for an acknowledgement before sending again.
    public var retransmitTimeout: Duration
    /// How many times a frame is sent before the link gives up.
    public var attempts: Int

    /// Creates timings.
    public init(turnaround: Duration, retransmitTimeout: Duration, attempts: Int) {
        self.turnaround = turnaround
        self.retransmitTimeout = retransmitTimeout
        self.attempts = attempts
    }

    /// Timings for `baud` and frames of at most `maximumPayload` bytes: the
    /// longest frame and an acknowledgement on the wire, twice the turnaround,
    /// plus 150 ms for the peer to think.
    public static func forLine(_ baud: BaudRate, maximumPayload: Int = Frame.maximumPayload, attempts: Int = 8) -> LinkTiming {
        let longest = baud.seconds(forBytes: 2 * (maximumPayload + 4) + 2 + 14)
        let turnaround = Duration.milliseconds(2)
        return LinkTiming(turnaround: turnaround, retransmitTimeout: .milliseconds(Int64(longest * 1000) + 150) + turnaround * 2,
                          attempts: attempts)
    }
}
