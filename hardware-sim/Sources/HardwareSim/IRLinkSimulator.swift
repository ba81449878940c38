import SerialLink
import Synchronization

/// Which way bytes cross an ``IRLinkSimulator``.
public enum IRLinkDirection: Sendable, Hashable {
    /// From side A to side B.
    case aToB
    /// From side B to side A.
    case bToA
}

/// Joins two byte channels (typically the controller sides of two ptys) as a
/// half-duplex IR link, in the shape of smoltcp's fault injector: a device that
/// wraps devices to add timing and faults.
///
/// - Pacing: each byte takes 10 bit times at the configured baud, in real time;
///   a byte is never delivered before its last bit would have arrived.
/// - Bursts: bytes written to one side with no gap longer than about two
///   character times form a burst (a frame). Each burst is lost whole with the
///   frame loss probability (it still takes its air time).
/// - Bit errors: every delivered data bit flips with the bit error rate.
/// - Turnaround: when the direction changes, the link stays quiet for the
///   turnaround time after the last byte the other way.
/// - Cuts: while cut, nothing is delivered either way and bytes sent are lost;
///   after ``restore()`` new bytes cross again.
///
/// Faults come from generators seeded by ``IRLinkConfiguration/seed``. Runs on three
/// threads (one reader per side, one transmitter) from ``start()`` to ``stop()``.
public final class IRLinkSimulator: Sendable {
    /// The largest burst; longer writes are split (bounds memory).
    static let maximumBurst = 4096
    /// The most bytes waiting for air time before readers wait.
    static let queueCapacity = 64 * 1024
    /// How long idle waits last before the stop flag is checked again.
    static let idleWait: Duration = .milliseconds(50)

    private struct Shared {
        var counters = IRLinkCounters()
        var isCut = false
        var failures: [String] = []
        var workers: [WorkerThread] = []
    }

    /// The faults and timing simulated.
    public let configuration: IRLinkConfiguration
    private let sideA: any ByteChannel
    private let sideB: any ByteChannel
    private let queue = BurstQueue(capacity: IRLinkSimulator.queueCapacity)
    private let shared = Mutex(Shared())

    /// Creates a link between `a` and `b`; call ``start()`` to run it.
    public init(a: any ByteChannel, b: any ByteChannel, configuration: IRLinkConfiguration) throws(IRLinkConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        sideA = a
        sideB = b
    }

    /// What the link did so far.
    public var counters: IRLinkCounters {
        shared.withLock { $0.counters }
    }

    /// Errors of the channels (a side closed, ...); a failed side stops reading.
    public var failures: [String] {
        shared.withLock { $0.failures }
    }

    /// Whether the link is cut.
    public var isCut: Bool {
        shared.withLock { $0.isCut }
    }

    /// Cuts the link: nothing is delivered either way until ``restore()``.
    public func cut() {
        shared.withLock { $0.isCut = true }
    }

    /// Restores a cut link.
    public func restore() {
        shared.withLock { $0.isCut = false }
    }

    /// Starts the reader and transmitter threads.
    public func start() {
        let workers = [
            WorkerThread(name: "irlink-read-a") { [self] thread in read(from: sideA, direction: .aToB, thread) },
            WorkerThread(name: "irlink-read-b") { [self] thread in read(from: sideB, direction: .bToA, thread) },
            WorkerThread(name: "irlink-transmit") { [self] thread in transmit(thread) },
        ]
        shared.withLock { $0.workers += workers }
    }

    /// Stops the threads and waits for them to end. Bursts still queued are not delivered.
    /// A delivery blocked because nobody reads the other side's device (its pty buffer
    /// is full) holds this up until someone reads or the device side closes.
    public func stop() {
        for worker in shared.withLock({ $0.workers }) {
            worker.stopAndJoin()
        }
    }

    // MARK: Reading bursts

    /// The longest pause inside a burst: two character times, at least the 1 ms a poll can wait.
    private var burstGap: Duration {
        max(.milliseconds(1), configuration.byteTime * 2)
    }

    private func read(from channel: any ByteChannel, direction: IRLinkDirection, _ thread: WorkerThread) {
        var burst: [UInt8] = []
        while !thread.isStopRequested {
            let bytes: [UInt8]
            do {
                bytes = try channel.receive(maximum: Self.maximumBurst - burst.count,
                                            timeout: burst.isEmpty ? Self.idleWait : burstGap)
            } catch {
                shared.withLock { $0.failures.append("side \(direction == .aToB ? "a" : "b"): \(error)") }
                return
            }
            if bytes.isEmpty {
                if !burst.isEmpty {
                    enqueue(Burst(direction: direction, bytes: burst), thread)
                    burst = []
                }
                continue
            }
            let lost = shared.withLock { shared in
                if shared.isCut { shared.counters.bytesLostToCut += bytes.count }
                return shared.isCut
            }
            guard !lost else { continue }
            burst += bytes
            if burst.count >= Self.maximumBurst {
                enqueue(Burst(direction: direction, bytes: burst), thread)
                burst = []
            }
        }
    }

    private func enqueue(_ burst: Burst, _ thread: WorkerThread) {
        while !thread.isStopRequested, !queue.push(burst, timeout: Self.idleWait) {}
    }

    // MARK: Transmitting

    private func transmit(_ thread: WorkerThread) {
        var seeds = SplitMix64(seed: configuration.seed)
        var bitErrors = BitErrorInjector(rate: configuration.bitErrorRate, seed: seeds.next())
        var frameLoss = SplitMix64(seed: seeds.next())
        let clock = ContinuousClock()
        let byteTime = configuration.byteTime
        var lastDirection: IRLinkDirection?
        var airFreeAt = clock.now

        while !thread.isStopRequested {
            guard let burst = queue.pop(timeout: Self.idleWait) else { continue }
            var start = max(clock.now, airFreeAt)
            if let lastDirection, lastDirection != burst.direction {
                start = max(start, airFreeAt.advanced(by: configuration.turnaround))
            }
            lastDirection = burst.direction
            airFreeAt = start.advanced(by: byteTime * burst.bytes.count)

            let p = configuration.frameLossProbability
            if p >= 1 || (p > 0 && frameLoss.nextUnitInterval() <= p) {
                shared.withLock {
                    $0.counters.burstsDropped += 1
                    $0.counters.bytesInDroppedBursts += burst.bytes.count
                }
                continue
            }
            let destination = burst.direction == .aToB ? sideB : sideA
            var sent = 0
            while sent < burst.bytes.count, !thread.isStopRequested {
                // Bytes whose last bit is on the air by now.
                let elapsed = start.duration(to: clock.now)
                let due = min(burst.bytes.count, max(0, Int(elapsed / byteTime)))
                if due > sent {
                    var chunk = Array(burst.bytes[sent..<due])
                    var flipped = 0
                    for index in chunk.indices {
                        let corrupted = bitErrors.corrupt(chunk[index])
                        chunk[index] = corrupted.byte
                        flipped += corrupted.flipped
                    }
                    let isCut = shared.withLock { shared in
                        if shared.isCut { shared.counters.bytesLostToCut += burst.bytes.count - sent }
                        return shared.isCut
                    }
                    if isCut { break }
                    // Counted before the bytes leave, so a reader that has them sees them counted.
                    shared.withLock { shared in
                        shared.counters.bitsFlipped += flipped
                        if burst.direction == .aToB {
                            shared.counters.deliveredAToB += chunk.count
                        } else {
                            shared.counters.deliveredBToA += chunk.count
                        }
                    }
                    do {
                        try destination.send(chunk)
                    } catch {
                        shared.withLock { shared in
                            shared.failures.append("delivery \(burst.direction): \(error)")
                            if burst.direction == .aToB {
                                shared.counters.deliveredAToB -= chunk.count
                            } else {
                                shared.counters.deliveredBToA -= chunk.count
                            }
                        }
                        return
                    }
                    sent = due
                }
                if sent < burst.bytes.count {
                    pause(for: clock.now.duration(to: start.advanced(by: byteTime * (sent + 1))))
                }
            }
        }
    }
}
