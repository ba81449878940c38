/// A command the host sends to the vending controller (protocol-spec/vending-controller.md,
/// "Commands and answers"). Parse with ``parse(line:)``, encode with ``line``.
public enum ControllerCommand: Sendable, Hashable {
    /// `HELLO`: identify.
    case hello
    /// `POLL`: the oldest unread button press.
    case poll
    /// `INFO <n>`: a selection's price, category and name.
    case info(selection: Int)
    /// `STOCK <n>`: items left in a selection.
    case stock(selection: Int)
    /// `VEND <n> <id>`: run the motor of `selection` once for payment `id`.
    case vend(selection: Int, id: PaymentID)
    /// `LAST`: the last `VEND` the controller ran.
    case last
    /// `DISPLAY <text>`: show text on the 2x20 VFD, lines split at `|`.
    case display(text: String)

    /// Whether the host may send this command again after a timeout: only `POLL`,
    /// `INFO`, `STOCK` and `DISPLAY` (never `VEND`; the spec retries nothing else).
    public var mayBeRetried: Bool {
        switch self {
        case .poll, .info, .stock, .display: return true
        case .hello, .vend, .last: return false
        }
    }

    /// The line on the wire, without the `\n`.
    public var line: String {
        switch self {
        case .hello: return "HELLO"
        case .poll: return "POLL"
        case .info(let selection): return "INFO \(selection)"
        case .stock(let selection): return "STOCK \(selection)"
        case .vend(let selection, let id): return "VEND \(selection) \(id.text)"
        case .last: return "LAST"
        case .display(let text): return "DISPLAY \(text)"
        }
    }

    /// Parses one line (without its `\n`; a final `\r` is not expected here, see ``LineAssembler``).
    ///
    /// - Throws: ``ControllerProtocolError`` with the column of the first problem.
    public static func parse(line: String) throws(ControllerProtocolError) -> ControllerCommand {
        var scanner = try LineScanner(line: line)
        let keyword = try scanner.keyword()
        let command: ControllerCommand
        switch keyword {
        case "HELLO":
            command = .hello
        case "POLL":
            command = .poll
        case "LAST":
            command = .last
        case "INFO":
            command = .info(selection: try scanner.number("selection", maximumDigits: WordRules.maximumSelectionDigits))
        case "STOCK":
            command = .stock(selection: try scanner.number("selection", maximumDigits: WordRules.maximumSelectionDigits))
        case "VEND":
            let selection = try scanner.number("selection", maximumDigits: WordRules.maximumSelectionDigits)
            command = .vend(selection: selection, id: try scanner.paymentID())
        case "DISPLAY":
            let column = scanner.column + 1
            let text = try scanner.rest("display text")
            guard WordRules.isDisplayText(text) else {
                throw LineScanner.bad("display text", text, column: column,
                                      expected: "at most two lines of at most 20 characters split at |")
            }
            command = .display(text: text)
        default:
            throw ControllerProtocolError(.unknownKeyword, column: 1, "\"\(keyword)\" is not a command")
        }
        try scanner.end()
        return command
    }
}
