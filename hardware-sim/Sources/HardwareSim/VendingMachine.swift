import Synchronization
import VendingController

/// The paper's vending machine behind its serial controller: eight selections with
/// prices, stock and sold-out sensors, one motor each (a jam can be injected), a
/// 2x20 VFD, a queue of button presses and, optionally, a ``MotorLog``.
///
/// Thread-safe: the operator (standard input, a test) and the controller server
/// may call it from different threads.
public final class VendingMachine: Sendable {
    /// The most unread button presses kept; later presses are refused.
    public static let buttonQueueCapacity = 16
    /// The VFD's columns per line (it has two lines).
    public static let displayColumns = 20

    private struct Slot {
        var entry: VendingCatalog.Entry
        var jamOnNextVend = false
    }

    private struct State {
        var slots: [Slot]
        var buttons: [Int] = []
        var display = ["", ""]
        var last: LastVend?
        /// The last vend that dispensed: its id and selection (a repeat of the id dispenses nothing).
        var lastDispensed: (id: PaymentID, selection: Int)?
        var motorRuns = 0
    }

    private let state: Mutex<State>
    private let motorLog: MotorLog?

    /// Creates a machine stocked as `catalog` says, logging motor runs to `motorLog` if given.
    public init(catalog: VendingCatalog = .sodaMachine, motorLog: MotorLog? = nil) {
        state = Mutex(State(slots: catalog.entries.map { Slot(entry: $0) }))
        self.motorLog = motorLog
    }

    // MARK: The operator's side

    /// Queues a press of button `selection`; false when the selection does not exist or the queue is full.
    @discardableResult
    public func press(_ selection: Int) -> Bool {
        state.withLock { state in
            guard VendingProtocol.selections.contains(selection),
                  state.buttons.count < Self.buttonQueueCapacity else { return false }
            state.buttons.append(selection)
            return true
        }
    }

    /// Makes the next vend of `selection` jam (the motor runs, nothing drops); false for no such selection.
    @discardableResult
    public func injectJam(_ selection: Int) -> Bool {
        state.withLock { state in
            guard let index = Self.index(of: selection) else { return false }
            state.slots[index].jamOnNextVend = true
            return true
        }
    }

    /// Sets the stock of `selection` to `count`; false for no such selection or a count out of range.
    @discardableResult
    public func restock(_ selection: Int, count: Int) -> Bool {
        state.withLock { state in
            guard let index = Self.index(of: selection), (0...VendingCatalog.maximumStock).contains(count) else { return false }
            state.slots[index].entry.stock = count
            return true
        }
    }

    /// The items left in `selection` (nil for no such selection).
    public func stock(of selection: Int) -> Int? {
        state.withLock { state in Self.index(of: selection).map { state.slots[$0].entry.stock } }
    }

    /// Whether the sold-out sensor of `selection` is on (nil for no such selection).
    public func isSoldOut(_ selection: Int) -> Bool? {
        stock(of: selection).map { $0 == 0 }
    }

    /// The two lines of the VFD.
    public var displayLines: [String] {
        state.withLock { $0.display }
    }

    /// How many times a motor ran (dispensed or jammed).
    public var motorRuns: Int {
        state.withLock { $0.motorRuns }
    }

    // MARK: The controller's side

    /// Performs one controller command and returns its answer.
    ///
    /// - Throws: when the motor log cannot be written: the vend is then not performed.
    public func answer(to command: ControllerCommand) throws(SimulatorFileError) -> ControllerAnswer {
        switch command {
        case .hello:
            return .hello(version: VendingProtocol.version, selections: VendingProtocol.selectionCount)
        case .poll:
            return state.withLock { state in
                state.buttons.isEmpty ? .none : .button(selection: state.buttons.removeFirst())
            }
        case .info(let selection):
            return state.withLock { state in
                Self.index(of: selection).map { .item(state.slots[$0].entry.item) } ?? .error(.badArgument)
            }
        case .stock(let selection):
            return stock(of: selection).map { .stock(selection: selection, count: $0) } ?? .error(.badArgument)
        case .vend(let selection, let id):
            return try vend(selection, id: id)
        case .last:
            return .last(state.withLock { $0.last })
        case .display(let text):
            let lines = text.split(separator: "|", omittingEmptySubsequences: false).map {
                String($0.prefix(Self.displayColumns))
            }
            state.withLock { $0.display = [lines.first ?? "", lines.count > 1 ? lines[1] : ""] }
            return .ok
        }
    }

    private func vend(_ selection: Int, id: PaymentID) throws(SimulatorFileError) -> ControllerAnswer {
        let motorLog = self.motorLog
        return try state.withLock { state throws(SimulatorFileError) -> ControllerAnswer in
            if let previous = state.lastDispensed, previous.id == id {
                // A repeated command never dispenses twice; the answer names the selection that was dispensed.
                return .vended(selection: previous.selection, id: id)
            }
            let result: VendResult
            if let index = Self.index(of: selection) {
                if state.slots[index].entry.stock == 0 {
                    result = .failed(.soldOut)
                } else {
                    let jams = state.slots[index].jamOnNextVend
                    try motorLog?.record(selection: selection, id: id.text, jammed: jams)
                    state.motorRuns += 1
                    if jams {
                        state.slots[index].jamOnNextVend = false
                        result = .failed(.motorJam)
                    } else {
                        state.slots[index].entry.stock -= 1
                        state.lastDispensed = (id, selection)
                        result = .vended
                    }
                }
            } else {
                result = .failed(.badSelection)
            }
            state.last = LastVend(id: id, result: result)
            switch result {
            case .vended: return .vended(selection: selection, id: id)
            case .failed(let reason): return .failed(selection: selection, id: id, reason: reason)
            }
        }
    }

    private static func index(of selection: Int) -> Int? {
        VendingProtocol.selections.contains(selection) ? selection - 1 : nil
    }
}
