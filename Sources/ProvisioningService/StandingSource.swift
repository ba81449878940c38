import Microbilling
import MicrocheckCrypto

/// Where the service learns a payer's standing: clearing's standing feed in
/// production (``ClearingStandingFeed``), anything else in tests.
public protocol StandingSource: Sendable {
    /// The payer's standing now.
    ///
    /// - Throws: ``StandingUnavailable`` when the source cannot answer; the
    ///   service then applies its ``ClearingFallback``.
    func standing(of payer: KeyNoteKey) async throws(StandingUnavailable) -> PayerStanding
}

/// Why a payer's standing could not be learned (clearing down, refusing our
/// token, answering something unexpected).
public struct StandingUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for the log.
    public var reason: String

    /// Makes an error.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
