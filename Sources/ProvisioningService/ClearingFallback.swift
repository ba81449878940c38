import Microbilling

/// What the service does when clearing's standing feed cannot be reached
/// (protocol-spec/provisioning-api.md, "When clearing is unreachable").
public enum ClearingFallback: Sendable, Hashable, CustomStringConvertible {
    /// Decide as if the payer had this standing (the default is `watch`: the
    /// strategy's cautious limits, and no escalation unless its rule allows).
    case assume(PayerStanding)
    /// Issue nothing; the payer retries later (503 clearing-unavailable).
    case refuse

    /// The default: the cautious `watch` limits.
    public static let `default` = ClearingFallback.assume(.watch)

    /// Reads `watch`, `good` or `refuse` (the configuration's `clearing-fallback`).
    public init?(_ text: String) {
        switch text {
        case "refuse": self = .refuse
        case "good": self = .assume(.good)
        case "watch": self = .assume(.watch)
        default: return nil
        }
    }

    /// `watch`, `good` or `refuse`.
    public var description: String {
        switch self {
        case .refuse: return "refuse"
        case .assume(let standing): return standing.rawValue
        }
    }
}
