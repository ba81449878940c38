import Foundation
import KeyNoteVectors
import Testing

/// Every case of public.jsonl through the built `keynote verify`, written and
/// classified exactly as /work/shared/keynote-vectors/run.py does.
@Suite struct ConformanceTests {
    /// Processes running at once.
    static let parallelism = 4

    @Test func everyPublicVectorGivesTheReferenceAnswer() async throws {
        let cases = try KeyNoteVectors.queryCases()
        #expect(cases.count == 502, "public.jsonl should hold 502 cases")
        let failures = try await Self.run(cases)
        #expect(failures.count == 0, "\(failures.count) of \(cases.count) cases failed:\n\(failures.joined(separator: "\n"))")
    }

    /// Runs the cases, `parallelism` at a time; returns one line per failing case.
    static func run(_ cases: [KeyNoteVectors.QueryCase]) async throws -> [String] {
        try await withThrowingTaskGroup(of: String?.self) { group in
            var pending = cases[...]
            var failures: [String] = []
            func startNext() {
                guard let next = pending.popFirst() else { return }
                group.addTask { try await Self.check(next) }
            }
            for _ in 0..<parallelism { startNext() }
            while let failure = try await group.next() {
                if let failure { failures.append(failure) }
                startNext()
            }
            return failures.sorted()
        }
    }

    /// Nil when the case passes, else `id: expected X, got Y`.
    static func check(_ vector: KeyNoteVectors.QueryCase) async throws -> String? {
        try await ToolRunner.withDirectory { directory in
            let arguments = try vector.materialize(in: directory)
            let run = try await ToolRunner.run(arguments, in: directory)
            let outcome = Outcome(run)
            return outcome.passes(expected: vector.expected)
                ? nil : "\(vector.id): expected \(vector.expected), got \(outcome)"
        }
    }
}
