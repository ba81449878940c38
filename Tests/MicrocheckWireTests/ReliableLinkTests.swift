import Foundation
import MicrocheckLink
import MicrocheckWire
import SerialLink
import Synchronization
import Testing

@Suite struct ReliableLinkTests {
    static let timing = LinkTiming(turnaround: .zero, retransmitTimeout: .milliseconds(40), attempts: 30)

    /// Runs `peer` on another thread while `body` runs here; returns the peer's result.
    func withPeer<T: Sendable>(_ peer: @escaping @Sendable () throws -> T, _ body: () throws -> Void) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let value = Result { try peer() }
            result.withLock { $0 = value }
            done.signal()
        }
        try body()
        done.wait()
        guard let outcome = result.withLock({ $0 }) else { throw CancellationError() }
        return try outcome.get()
    }

    @Test(arguments: [(0.0, 0.0), (0.2, 0.0), (0.1, 0.1)])
    func messagesCrossALossyLineExactlyOnceInOrder(dropRate: Double, flipRate: Double) throws {
        let (a, b) = LossyChannel.pair(seed: 7, dropRate: dropRate, flipRate: flipRate)
        let messages = (0..<12).map { index in (0..<(index * 97 % 700)).map { UInt8(($0 * 31 + index) & 0xFF) } }
        let sender = ReliableLink(channel: a, timing: Self.timing, maximumPayload: 64)
        let receiver = ReliableLink(channel: b, timing: Self.timing, maximumPayload: 64)
        let received = try withPeer({
            var got: [[UInt8]] = []
            while got.count < messages.count {
                guard let message = try receiver.receive(timeout: .seconds(20)) else { break }
                got.append(message)
            }
            // Keep acknowledging retransmissions of the last frame until the sender is done.
            _ = try? receiver.receive(timeout: .milliseconds(300))
            return got
        }) {
            try sender.reset()
            for message in messages { try sender.send(message) }
        }
        #expect(received == messages)
        if dropRate > 0 { #expect(sender.statistics.retransmissions > 0) }
    }

    @Test func silentPeerEndsWithNoAcknowledgement() {
        let (a, b) = LossyChannel.pair()
        defer { withExtendedLifetime(b) {} }
        let link = ReliableLink(channel: a, timing: LinkTiming(turnaround: .zero, retransmitTimeout: .milliseconds(5), attempts: 3))
        do {
            try link.send([1, 2, 3])
            Issue.record("a message was acknowledged by nobody")
        } catch {
            #expect(error.code == .noAcknowledgement)
        }
        #expect(link.statistics.retransmissions == 2)
    }
}
