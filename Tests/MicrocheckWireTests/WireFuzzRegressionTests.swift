import Foundation
import Testing
import WireFuzzHarness

/// Replays tools/fuzz/wire-seeds and tools/fuzz/wire-regressions (past
/// findings and hand-made hostile inputs) through the fuzz harness.
@Suite struct WireFuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func inputs() -> [String] {
        ["tools/fuzz/wire-seeds", "tools/fuzz/wire-regressions"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
                .sorted().map { "\(folder)/\($0)" }
        }
    }

    @Test func thereAreInputsToReplay() {
        #expect(Self.inputs().count >= 16)
    }

    @Test(arguments: inputs())
    func replay(path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(path)))
        let violations = bytes.withUnsafeBufferPointer { WireFuzzHarness.run($0) }
        #expect(violations.isEmpty, "\(path): \(violations)")
    }
}
