/// Why ``VendingControllerHost`` could not complete a command.
public enum VendingHostError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The transport failed (its error's description).
    case transport(String)
    /// The host refused to send a line the controller would reject (a display text too long, ...).
    case invalidCommand(line: String, ControllerProtocolError)
    /// No matching answer arrived within the timeout, after `attempts` sends.
    case noAnswer(command: String, attempts: Int)
    /// The controller answered `ERR <reason>`.
    case refused(command: String, reason: ControllerErrorReason)
    /// `HELLO` did not announce protocol version 1.
    case unsupportedController(answer: String)
    /// A `VEND` and the `LAST` after it both went unanswered: whether the item was
    /// dispensed is unknown. Ask ``VendingControllerHost/last()`` again later.
    case vendOutcomeUnknown(selection: Int, id: PaymentID)

    public var description: String {
        switch self {
        case .transport(let reason): return "transport failed: \(reason)"
        case .invalidCommand(let line, let error): return "will not send \"\(line)\": \(error)"
        case .noAnswer(let command, let attempts): return "no answer to \"\(command)\" after \(attempts) attempt(s)"
        case .refused(let command, let reason): return "the controller answered \"\(command)\" with ERR \(reason.rawValue)"
        case .unsupportedController(let answer): return "not a version 1 vending controller: \"\(answer)\""
        case .vendOutcomeUnknown(let selection, let id): return "the outcome of VEND \(selection) \(id) is unknown"
        }
    }
}
