import SerialLink

/// The faults and timing of a simulated IR link (see ``IRLinkSimulator``).
public struct IRLinkConfiguration: Sendable, Hashable {
    /// The line speed; every byte takes 10 bit times (8N1) in real time.
    public var baud: BaudRate
    /// The probability that any one data bit arrives flipped, in [0, 1].
    public var bitErrorRate: Double
    /// The probability that a whole burst (a frame) is lost, in [0, 1].
    public var frameLossProbability: Double
    /// The pause before the link carries bytes the other way after it carried some one way.
    public var turnaround: Duration
    /// The seed of the fault generators: the same seed and traffic give the same faults.
    public var seed: UInt64

    /// Creates a configuration; the default is a clean 9600 baud link.
    public init(baud: BaudRate = .b9600, bitErrorRate: Double = 0, frameLossProbability: Double = 0,
                turnaround: Duration = .zero, seed: UInt64 = 1) {
        self.baud = baud
        self.bitErrorRate = bitErrorRate
        self.frameLossProbability = frameLossProbability
        self.turnaround = turnaround
        self.seed = seed
    }

    /// The air time of one byte.
    public var byteTime: Duration {
        .seconds(10) / baud.rawValue
    }

    /// Checks that the probabilities are in [0, 1] and the turnaround is not negative.
    public func validate() throws(IRLinkConfigurationError) {
        guard (0...1).contains(bitErrorRate) else {
            throw IRLinkConfigurationError("the bit error rate must be in [0, 1], not \(bitErrorRate)")
        }
        guard (0...1).contains(frameLossProbability) else {
            throw IRLinkConfigurationError("the frame loss probability must be in [0, 1], not \(frameLossProbability)")
        }
        guard turnaround >= .zero else {
            throw IRLinkConfigurationError("the turnaround must not be negative")
        }
    }
}

/// An ``IRLinkConfiguration`` that cannot be simulated.
public struct IRLinkConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
