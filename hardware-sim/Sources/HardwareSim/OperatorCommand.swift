import VendingController

/// A line the operator types into `vending-sim` (protocol-spec/vending-controller.md,
/// "The simulator's extras").
public enum OperatorCommand: Sendable, Hashable {
    /// `press <n>`: a customer presses button `n`.
    case press(Int)
    /// `jam <n>`: the next vend of `n` fails `motor-jam`.
    case jam(Int)
    /// `restock <n> <count>`: selection `n` now holds `count` items.
    case restock(Int, count: Int)
    /// `quit`: stop the simulator.
    case quit

    /// Parses an operator line; nil when it is not one of the four forms.
    public init?(line: String) {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        func number(_ index: Int) -> Int? {
            guard index < words.count, words[index].utf8.count <= 6 else { return nil }
            return Int(words[index])
        }
        switch (words.first, words.count) {
        case ("quit", 1): self = .quit
        case ("press", 2): guard let n = number(1) else { return nil }; self = .press(n)
        case ("jam", 2): guard let n = number(1) else { return nil }; self = .jam(n)
        case ("restock", 3):
            guard let n = number(1), let count = number(2) else { return nil }
            self = .restock(n, count: count)
        default: return nil
        }
    }

    /// Performs the command on `machine`; false when the machine refused it (no
    /// such selection, a full button queue, a count out of range). `quit` does nothing here.
    public func perform(on machine: VendingMachine) -> Bool {
        switch self {
        case .press(let selection): return machine.press(selection)
        case .jam(let selection): return machine.injectJam(selection)
        case .restock(let selection, let count): return machine.restock(selection, count: count)
        case .quit: return true
        }
    }
}
