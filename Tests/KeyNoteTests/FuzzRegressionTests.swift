import Foundation
import KeyNote
import KeyNoteFuzzHarness
import Testing
import KeyNoteVectors

/// Replays the fuzzer's past failing inputs (`tools/fuzz/regressions/`, hand-made
/// hostile inputs among them) and its seeds (`tools/fuzz/seeds/`, made from the
/// conformance vectors) through ``KeyNoteFuzzHarness``.
///
/// A trap in the engine, or a broken promise the harness checks, ends the test
/// process; a hang shows as a test that does not finish.
@Suite struct FuzzRegressionTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("tools/fuzz")

    static func files(in folder: String) -> [String] {
        let url = fuzzDirectory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    static func contents(of folder: String, _ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(name)))
    }

    static let regressions = files(in: "regressions")
    static let seeds = files(in: "seeds")

    /// Every code a query may fail with.
    static let queryErrorCodes: Set<KeyNoteError.Code> = [
        .syntax, .limitExceeded, .budgetExhausted, .invalidAttribute, .invalidAuthorizer,
        .incompleteQuery, .queryFailed, .signing,
    ]

    static func checkOutcome(_ outcome: KeyNoteFuzzHarness.Outcome) {
        #expect(outcome.violations.isEmpty, "\(outcome.violations)")
        switch outcome.query {
        case .answered(let index, let value):
            #expect(outcome.values.indices.contains(index))
            #expect(outcome.values.indices.contains(index) && outcome.values[index] == value)
        case .failed(let code):
            #expect(queryErrorCodes.contains(code), "unexpected error code \(code)")
        }
        #expect(outcome.assertionsAdded <= outcome.assertionParts)
        #expect(outcome.assertionsInvalid <= outcome.assertionsAdded)
    }

    @Test func regressionFolderIsNotEmpty() {
        #expect(Self.regressions.count >= 5)
    }

    @Test func seedFolderIsNotEmpty() {
        #expect(Self.seeds.count >= 100)
    }

    /// Each past failing input completes with the fuzzer's limits and with the
    /// defaults, answers or fails with a typed error, and does so the same way twice.
    @Test(arguments: regressions)
    func replaysRegression(_ name: String) throws {
        let data = try Self.contents(of: "regressions", name)
        for limits in [KeyNoteFuzzHarness.limits, KeyNoteLimits.default] {
            let outcome = KeyNoteFuzzHarness.run(data, limits: limits)
            Self.checkOutcome(outcome)
            #expect(KeyNoteFuzzHarness.run(data, limits: limits) == outcome)
        }
    }

    /// Each seed gives the reference's answer: this checks the seeds and the
    /// harness's reading of its input format. Cases where the reference failed
    /// are only replayed, since the harness skips what the tool would refuse.
    /// The conformance cases by id (their loading is checked by ConformanceVectorTests).
    static let queryCases: [String: KeyNoteVectors.QueryCase] = Dictionary(
        ((try? KeyNoteVectors.queryCases()) ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    @Test(arguments: seeds)
    func seedGivesReferenceAnswer(_ name: String) throws {
        let data = try Self.contents(of: "seeds", name)
        let outcome = KeyNoteFuzzHarness.run(data)
        Self.checkOutcome(outcome)
        guard let vector = Self.queryCases[name],
              !vector.expected.hasPrefix("error:") else { return }
        guard case .answered(_, let value) = outcome.query else {
            Issue.record("\(name): expected \"\(vector.expected)\", got \(outcome)")
            return
        }
        #expect(value == vector.expected, "\(name): \(outcome)")
    }
}
