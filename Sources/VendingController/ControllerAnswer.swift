/// An answer the vending controller sends to the host (protocol-spec/vending-controller.md,
/// "Commands and answers"). Parse with ``parse(line:)``, encode with ``line``.
public enum ControllerAnswer: Sendable, Hashable {
    /// `HELLO vending <version> <selections>`.
    case hello(version: Int, selections: Int)
    /// `BUTTON <n>`: the oldest unread press.
    case button(selection: Int)
    /// `NONE`: no unread press.
    case none
    /// `ITEM <n> <price> <currency> <category> <name>`.
    case item(ItemInfo)
    /// `STOCK <n> <count>`; 0 means the sold-out sensor is on.
    case stock(selection: Int, count: Int)
    /// `VENDED <n> <id>`.
    case vended(selection: Int, id: PaymentID)
    /// `FAIL <n> <id> <reason>`.
    case failed(selection: Int, id: PaymentID, reason: VendFailureReason)
    /// `LAST <id> <result>`, or `LAST none` (nil) when no `VEND` ran yet.
    case last(LastVend?)
    /// `OK` (to `DISPLAY`).
    case ok
    /// `ERR <reason>`.
    case error(ControllerErrorReason)

    /// The line on the wire, without the `\n`.
    public var line: String {
        switch self {
        case .hello(let version, let selections): return "HELLO vending \(version) \(selections)"
        case .button(let selection): return "BUTTON \(selection)"
        case .none: return "NONE"
        case .item(let item):
            return "ITEM \(item.selection) \(item.price.minorUnits) \(item.price.currency) \(item.category) \(item.name)"
        case .stock(let selection, let count): return "STOCK \(selection) \(count)"
        case .vended(let selection, let id): return "VENDED \(selection) \(id.text)"
        case .failed(let selection, let id, let reason): return "FAIL \(selection) \(id.text) \(reason.rawValue)"
        case .last(let record?): return "LAST \(record.id.text) \(record.result.word)"
        case .last(nil): return "LAST none"
        case .ok: return "OK"
        case .error(let reason): return "ERR \(reason.rawValue)"
        }
    }

    /// Parses one line (without its `\n`).
    ///
    /// - Throws: ``ControllerProtocolError`` with the column of the first problem.
    public static func parse(line: String) throws(ControllerProtocolError) -> ControllerAnswer {
        var scanner = try LineScanner(line: line)
        let keyword = try scanner.keyword()
        let answer: ControllerAnswer
        switch keyword {
        case "HELLO":
            let column = scanner.column + 1
            let kind = try scanner.word("device kind")
            guard kind == "vending" else { throw LineScanner.bad("device kind", kind, column: column, expected: "vending") }
            let version = try scanner.number("version", maximumDigits: 3)
            answer = .hello(version: version, selections: try scanner.number("selections", maximumDigits: 3))
        case "BUTTON":
            answer = .button(selection: try selection(&scanner))
        case "NONE":
            answer = .none
        case "ITEM":
            answer = .item(try item(&scanner))
        case "STOCK":
            let selection = try selection(&scanner)
            answer = .stock(selection: selection, count: try scanner.number("count", maximumDigits: WordRules.maximumCountDigits))
        case "VENDED":
            let selection = try selection(&scanner)
            answer = .vended(selection: selection, id: try scanner.paymentID())
        case "FAIL":
            let selection = try selection(&scanner)
            let id = try scanner.paymentID()
            let column = scanner.column + 1
            let word = try scanner.word("failure reason")
            guard let reason = VendFailureReason(rawValue: word) else {
                throw LineScanner.bad("failure reason", word, column: column, expected: "sold-out, motor-jam or bad-selection")
            }
            answer = .failed(selection: selection, id: id, reason: reason)
        case "LAST":
            answer = .last(try lastVend(&scanner))
        case "OK":
            answer = .ok
        case "ERR":
            let column = scanner.column + 1
            let word = try scanner.word("error reason")
            guard let reason = ControllerErrorReason(rawValue: word) else {
                throw LineScanner.bad("error reason", word, column: column,
                                      expected: "unknown-command, bad-argument or line-too-long")
            }
            answer = .error(reason)
        default:
            throw ControllerProtocolError(.unknownKeyword, column: 1, "\"\(keyword)\" is not an answer")
        }
        try scanner.end()
        return answer
    }

    private static func selection(_ scanner: inout LineScanner) throws(ControllerProtocolError) -> Int {
        try scanner.number("selection", maximumDigits: WordRules.maximumSelectionDigits)
    }

    private static func item(_ scanner: inout LineScanner) throws(ControllerProtocolError) -> ItemInfo {
        let selection = try selection(&scanner)
        let minorUnits = try scanner.number("price", maximumDigits: WordRules.maximumPriceDigits)
        var column = scanner.column + 1
        let currency = try scanner.word("currency")
        guard WordRules.isCurrency(currency) else {
            throw LineScanner.bad("currency", currency, column: column, expected: "three upper-case letters")
        }
        column = scanner.column + 1
        let category = try scanner.word("category")
        guard WordRules.isCategory(category) else {
            throw LineScanner.bad("category", category, column: column, expected: "1 to 16 of [a-z0-9-]")
        }
        let name = try scanner.rest("name")
        return ItemInfo(selection: selection, price: Price(minorUnits: minorUnits, currency: currency),
                        category: category, name: name)
    }

    private static func lastVend(_ scanner: inout LineScanner) throws(ControllerProtocolError) -> LastVend? {
        var probe = scanner
        if try probe.word("payment id") == "none" {
            scanner = probe
            return nil
        }
        let id = try scanner.paymentID()
        let column = scanner.column + 1
        let word = try scanner.word("vend result")
        guard let result = VendResult(word: word) else {
            throw LineScanner.bad("vend result", word, column: column, expected: "vended, sold-out, motor-jam or bad-selection")
        }
        return LastVend(id: id, result: result)
    }
}
