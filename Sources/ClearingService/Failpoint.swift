import Foundation

/// Places where clearing stops dead when `MICROCHECK_FAILPOINT` names them,
/// for crash tests: the process exits at once, as a power cut would stop it.
public enum Failpoint: String, Sendable {
    /// Just after a batch's entries are committed to the ledger, before the receipt is written.
    case afterLedgerCommit = "after-ledger-commit"
    /// Just after the receipt is written to the connection.
    case afterReceiptSent = "after-receipt-sent"

    /// The exit status of a process stopped at a failpoint.
    public static let exitStatus: Int32 = 86

    /// The failpoint the environment names, if any.
    public static var configured: Failpoint? {
        ProcessInfo.processInfo.environment["MICROCHECK_FAILPOINT"].flatMap(Failpoint.init(rawValue:))
    }

    /// Stops the process when `self` is the configured failpoint.
    public func reached(configured: Failpoint?) {
        guard configured == self else { return }
        FileHandle.standardError.write(Data("clearing: stopped at failpoint \(rawValue)\n".utf8))
        exit(Self.exitStatus)
    }
}
