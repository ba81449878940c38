/// What became of a `VEND`, as ``VendingControllerHost/vend(_:id:)`` learned it.
public enum VendOutcome: Sendable, Hashable {
    /// The item was dispensed (now, or already for this id: the controller never dispenses twice in a row for one id).
    case vended
    /// The controller ran the vend and it failed.
    case failed(VendFailureReason)
    /// The `VEND` went unanswered and `LAST` shows that the controller did not run it.
    /// Nothing was dispensed; sending the same id again is safe.
    case notRun

    /// The outcome of a vend the controller reports through `LAST`.
    public init(_ result: VendResult) {
        switch result {
        case .vended: self = .vended
        case .failed(let reason): self = .failed(reason)
        }
    }
}
