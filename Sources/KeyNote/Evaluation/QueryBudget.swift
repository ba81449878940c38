/// The work budget of one query (``KeyNoteLimits/maxQuerySteps``).
///
/// A value: the checker hands it to each evaluator and takes back what is
/// left, so spending a step is a subtraction, not an access to shared state.
struct QueryBudget {
    private var remaining: Int
    private let limit: Int

    init(steps: Int) {
        self.remaining = steps
        self.limit = steps
    }

    @inline(__always)
    mutating func spend(_ steps: Int = 1) throws(KeyNoteError) {
        remaining -= steps
        if remaining < 0 {
            throw KeyNoteError(.budgetExhausted, "query needed more than \(limit) evaluation steps")
        }
    }
}
