/// Constants of the vending controller line protocol, version 1
/// (protocol-spec/vending-controller.md).
public enum VendingProtocol {
    /// The protocol version a controller announces in `HELLO`.
    public static let version = 1
    /// The number of selections (buttons, motors, sold-out sensors).
    public static let selectionCount = 8
    /// The valid selection numbers.
    public static let selections: ClosedRange<Int> = 1...selectionCount
    /// The longest line, in bytes, without its `\n` and an optional `\r` before it.
    public static let maximumLineLength = 128
    /// How long the host waits for an answer.
    public static let answerTimeout: Duration = .milliseconds(500)
    /// How many times the host may send an idempotent command again after a timeout.
    public static let maximumRetries = 2
}
