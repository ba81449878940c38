import Foundation
import MicrocheckAgents
import MicrocheckCompression
import MicrocheckWire
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

    /// The upload seed (tools/fuzz/make-upload-seeds) decodes, so the fuzzer
    /// starts past the envelope and the body's checks.
    @Test func uploadSeedDecodes() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent("tools/fuzz/wire-seeds/upload")))
        let upload = try DepositUpload(decoding: bytes)
        #expect(upload.groups.map(\.seal.microcheckIDs.count) == [2, 2])
        #expect(upload.groups.map(\.purchases.count) == [1, 2])
        #expect(try DepositUpload(decoding: upload.encoded()) == upload)
    }

    /// The hand-made upload bodies (tools/fuzz/make-upload-seeds) that the
    /// encoder could not write back are refused, each at a position or group.
    @Test(arguments: ["hand-upload-empty-group", "hand-upload-sealed-twice", "hand-upload-time-span"])
    func uploadRegressionIsRefused(name: String) throws {
        let body = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent("tools/fuzz/wire-regressions/\(name)")))
        var writer = WireWriter()
        writer.bytes(DepositUpload.magic)
        writer.byte(DepositUpload.version)
        writer.blob(try AssertionCompressor.dictionary1.compress(body))
        let error = #expect(throws: DepositUploadError.self) { try DepositUpload(decoding: writer.bytes) }
        #expect(error?.code == .malformed && error?.inBody == true && (error?.offset ?? 0) > 16, "\(name): \(String(describing: error))")
    }

    @Test(arguments: inputs())
    func replay(path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(path)))
        let violations = bytes.withUnsafeBufferPointer { WireFuzzHarness.run($0) }
        #expect(violations.isEmpty, "\(path): \(violations)")
    }
}
