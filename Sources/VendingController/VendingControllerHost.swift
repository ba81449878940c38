/// The host side of the vending controller protocol (protocol-spec/vending-controller.md),
/// for the merchant terminal. No I/O of its own: it speaks through a ``LineTransport``.
///
/// Each call sends one command and waits up to ``answerTimeout`` for its answer.
/// `POLL`, `INFO`, `STOCK` and `DISPLAY` are sent again after a timeout, at most
/// ``maximumRetries`` times. `VEND` is never sent again: on a timeout the host asks
/// `LAST` and reports what the controller did (``VendOutcome``). Lines left over from
/// earlier commands are discarded before a command is sent, and answers that do not
/// belong to the command (another selection, another id) are skipped.
public struct VendingControllerHost<Transport: LineTransport> {
    /// The line transport to the controller.
    public let transport: Transport
    /// How long to wait for each answer.
    public var answerTimeout: Duration
    /// How many times an idempotent command is sent again after a timeout.
    public var maximumRetries: Int

    /// The most stale lines discarded before a command (a bound against a flooding peer).
    private static var maximumStaleLines: Int { 64 }

    /// Creates a host with the spec's timeout (500 ms) and retries (2).
    public init(transport: Transport, answerTimeout: Duration = VendingProtocol.answerTimeout,
                maximumRetries: Int = VendingProtocol.maximumRetries) {
        self.transport = transport
        self.answerTimeout = answerTimeout
        self.maximumRetries = max(0, maximumRetries)
    }

    /// `HELLO`: checks that the controller speaks version 1 and returns its number of selections.
    public func hello() throws(VendingHostError) -> Int {
        let answer = try exchange(.hello) { answer -> ControllerAnswer? in
            if case .hello = answer { return answer }
            return nil
        }
        guard case .hello(let version, let selections) = answer, version == VendingProtocol.version else {
            throw .unsupportedController(answer: answer.line)
        }
        return selections
    }

    /// `POLL`: the oldest unread button press, or nil.
    public func poll() throws(VendingHostError) -> Int? {
        try exchange(.poll) { answer -> Int?? in
            switch answer {
            case .button(let selection): return .some(selection)
            case .none: return .some(nil)
            default: return nil
            }
        }
    }

    /// `INFO <n>`: the selection's price, category and name.
    public func info(_ selection: Int) throws(VendingHostError) -> ItemInfo {
        try exchange(.info(selection: selection)) { answer -> ItemInfo? in
            if case .item(let item) = answer, item.selection == selection { return item }
            return nil
        }
    }

    /// `STOCK <n>`: the items left; 0 means sold out.
    public func stock(_ selection: Int) throws(VendingHostError) -> Int {
        try exchange(.stock(selection: selection)) { answer -> Int? in
            if case .stock(selection, let count) = answer { return count }
            return nil
        }
    }

    /// `DISPLAY <text>`: shows up to two 20-column lines split at `|`.
    public func display(_ text: String) throws(VendingHostError) {
        try exchange(.display(text: text)) { answer -> Void? in
            if case .ok = answer { return () }
            return nil
        }
    }

    /// `LAST`: the last vend the controller ran, or nil when none ran.
    public func last() throws(VendingHostError) -> LastVend? {
        try exchange(.last) { answer -> LastVend?? in
            if case .last(let record) = answer { return .some(record) }
            return nil
        }
    }

    /// `VEND <n> <id>`, sent once. Without an answer in time the host asks `LAST`
    /// (and still accepts the `VEND`'s answer if it arrives late).
    ///
    /// - Returns: ``VendOutcome/notRun`` when `LAST` shows the controller did not run this vend.
    /// - Throws: ``VendingHostError/vendOutcomeUnknown(selection:id:)`` when `LAST` is unanswered too.
    public func vend(_ selection: Int, id: PaymentID) throws(VendingHostError) -> VendOutcome {
        let answerToVend = { (answer: ControllerAnswer) -> VendOutcome? in
            switch answer {
            case .vended(_, let answered) where answered == id: return .vended
            case .failed(_, let answered, let reason) where answered == id: return .failed(reason)
            default: return nil
            }
        }
        if let outcome = try attempt(.vend(selection: selection, id: id), discardingStaleLines: true, match: answerToVend) {
            return outcome
        }
        let answerToLast = { (answer: ControllerAnswer) -> VendOutcome? in
            if let outcome = answerToVend(answer) { return outcome }
            guard case .last(let record) = answer else { return nil }
            guard let record, record.id == id else { return .notRun }
            return VendOutcome(record.result)
        }
        // Stale lines are kept here: a late answer to the VEND is the best news there is.
        if let outcome = try attempt(.last, discardingStaleLines: false, match: answerToLast) {
            return outcome
        }
        throw .vendOutcomeUnknown(selection: selection, id: id)
    }

    /// Sends `command` (again after a timeout if it may be retried) until `match` accepts an answer.
    private func exchange<Result>(_ command: ControllerCommand,
                                  match: (ControllerAnswer) -> Result?) throws(VendingHostError) -> Result {
        let attempts = command.mayBeRetried ? 1 + maximumRetries : 1
        for _ in 0..<attempts {
            if let result = try attempt(command, discardingStaleLines: true, match: match) {
                return result
            }
        }
        throw .noAnswer(command: command.line, attempts: attempts)
    }

    /// Sends `command` once and waits for an answer `match` accepts; nil after the timeout.
    private func attempt<Result>(_ command: ControllerCommand, discardingStaleLines: Bool,
                                 match: (ControllerAnswer) -> Result?) throws(VendingHostError) -> Result? {
        let line = command.line
        do {
            _ = try ControllerCommand.parse(line: line)
        } catch {
            throw .invalidCommand(line: line, error)
        }
        if discardingStaleLines {
            try discardStaleLines()
        }
        do {
            try transport.send(line)
        } catch {
            throw .transport(String(describing: error))
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: answerTimeout)
        while true {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero, let received = try receive(timeout: remaining) else { return nil }
            // A garbled line is not an answer: keep waiting (a timeout leads to a retry).
            guard let answer = try? ControllerAnswer.parse(line: received) else { continue }
            if case .error(let reason) = answer {
                throw .refused(command: line, reason: reason)
            }
            if let result = match(answer) {
                return result
            }
        }
    }

    private func discardStaleLines() throws(VendingHostError) {
        var discarded = 0
        while discarded < Self.maximumStaleLines, try receive(timeout: .zero) != nil {
            discarded += 1
        }
    }

    private func receive(timeout: Duration) throws(VendingHostError) -> String? {
        do {
            return try transport.receiveLine(timeout: timeout)
        } catch {
            throw .transport(String(describing: error))
        }
    }
}
