import SerialLink

/// Reads from `channel` until `count` bytes arrived or `timeout` passed; returns what arrived.
func receiveBytes(_ count: Int, from channel: any ByteChannel, timeout: Duration) throws -> [UInt8] {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var received: [UInt8] = []
    while received.count < count {
        let remaining = clock.now.duration(to: deadline)
        guard remaining > .zero else { break }
        received += try channel.receive(maximum: count - received.count, timeout: remaining)
    }
    return received
}

/// A pattern of `count` bytes that is not all zeros or ones.
func testPattern(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
}
