import Synchronization

/// The compiled form of a ``POSIXRegex``, replaced by a fresh one once it has
/// done a bounded amount of matching.
///
/// glibc caches the DFA states it builds inside the `regex_t` and never drops
/// them until `regfree`. A `regex_t` kept for many matches therefore keeps
/// growing with every new subject: `.*a.{62}c` grew by about 14 MiB with each
/// new 256-byte subject of random `a`/`b`, 570 MiB after 40 of them. So a
/// compiled pattern serves matches whose work (subject bytes × expanded size,
/// see ``RegexLimits/maxMatchWork``) adds up to at most `budget`, and is then
/// compiled again; what it retains stays about what one match at the limits
/// builds (15 MiB measured over 40 such subjects, against 570 MiB without
/// renewal). Typical patterns on short subjects do thousands of matches before
/// a renewal, which costs one `regcomp` (microseconds).
final class RegexProgram: Sendable {
    private struct State {
        var compiled: CompiledRegex
        var workDone = 0
        var compilations = 1
    }

    private let pattern: [UInt8]
    private let budget: Int
    private let state: Mutex<State>

    /// Starts with `compiled`, the compiled form of `pattern` (no NUL).
    init(pattern: [UInt8], compiled: CompiledRegex, budget: Int) {
        self.pattern = pattern
        self.budget = max(budget, 1)
        self.state = Mutex(State(compiled: compiled))
    }

    /// The compiled form to use for a match of the given work, compiling a new
    /// one first if this match would take the current one over its budget.
    func compiled(forWork work: Int) throws(RegexError) -> CompiledRegex {
        try state.withLock { (state: inout State) throws(RegexError) -> CompiledRegex in
            if state.workDone > 0, state.workDone + work > budget {
                state.compiled = try CompiledRegex(pattern: pattern)
                state.workDone = 0
                state.compilations += 1
            }
            state.workDone += work
            return state.compiled
        }
    }

    /// How many times the pattern has been compiled (for tests).
    var compilations: Int {
        state.withLock { $0.compilations }
    }
}
