/// The work budget of one query (``KeyNoteLimits/maxQuerySteps``).
final class QueryBudget {
    private var remaining: Int
    private let limit: Int

    init(steps: Int) {
        self.remaining = steps
        self.limit = steps
    }

    @inline(__always)
    func spend(_ steps: Int = 1) throws(KeyNoteError) {
        remaining -= steps
        if remaining < 0 {
            throw KeyNoteError(.budgetExhausted, "query needed more than \(limit) evaluation steps")
        }
    }
}
