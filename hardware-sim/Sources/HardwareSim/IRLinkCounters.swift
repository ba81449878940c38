/// What an ``IRLinkSimulator`` did so far.
public struct IRLinkCounters: Sendable, Hashable, CustomStringConvertible {
    /// Bytes delivered from side A to side B.
    public var deliveredAToB = 0
    /// Bytes delivered from side B to side A.
    public var deliveredBToA = 0
    /// Bursts lost whole (frame loss).
    public var burstsDropped = 0
    /// Bytes in those lost bursts.
    public var bytesInDroppedBursts = 0
    /// Data bits flipped in delivered bytes.
    public var bitsFlipped = 0
    /// Bytes sent while the link was cut, never delivered.
    public var bytesLostToCut = 0

    /// Creates zero counters.
    public init() {}

    /// One `name value` pair per line, as `irlink-sim` prints them.
    public var description: String {
        """
        delivered-a-to-b \(deliveredAToB)
        delivered-b-to-a \(deliveredBToA)
        bursts-dropped \(burstsDropped)
        bytes-in-dropped-bursts \(bytesInDroppedBursts)
        bits-flipped \(bitsFlipped)
        bytes-lost-to-cut \(bytesLostToCut)
        """
    }
}
