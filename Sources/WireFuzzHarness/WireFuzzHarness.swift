import MicrocheckAgents
import MicrocheckCompression
import MicrocheckWire

/// Runs arbitrary bytes through the wire decoders (frames in every chunking
/// the input picks, messages, bounded expansion, deposit uploads) and checks their
/// invariants. For tools/fuzz and for the tests that replay past findings.
public enum WireFuzzHarness {
    /// Decodes `input` every way a peer could make us; returns the broken
    /// invariants (empty when all hold). Decoding errors are expected results.
    public static func run(_ input: UnsafeBufferPointer<UInt8>) -> [String] {
        let bytes = Array(input)
        var violations: [String] = []
        // Frames: fed whole, then in chunks whose sizes the first byte picks.
        var whole = FrameDecoder()
        let frames = whole.feed(bytes)
        var chunked = FrameDecoder()
        var again: [Frame] = []
        let step = Int(bytes.first ?? 1) % 7 + 1
        var index = 0
        while index < bytes.count {
            again += chunked.feed(bytes[index..<min(bytes.count, index + step)])
            index += step
        }
        if frames != again { violations.append("frames depend on chunking") }
        for frame in frames {
            guard frame.payload.count <= Frame.maximumPayload else {
                violations.append("frame payload above the limit")
                continue
            }
            var decoder = FrameDecoder()
            if decoder.feed(frame.encoded) != [frame] { violations.append("a decoded frame does not re-encode to itself") }
            checkMessage(frame.payload, &violations)
        }
        // Messages: the whole input as one message; the encoding is canonical.
        checkMessage(bytes, &violations)
        // Expansion is bounded whatever the input.
        if let expanded = try? AssertionCompressor.dictionary1.expand(bytes, maximum: 4096), expanded.count > 4096 {
            violations.append("expansion beyond its bound")
        }
        // Deposit uploads: the input as an upload (as clearing reads a POST
        // body), and as the body of one so that mutations reach the body's
        // reader rather than dying in deflate.
        checkUpload(bytes, &violations)
        if let wrapped = upload(body: bytes) { checkUpload(wrapped, &violations) }
        return violations
    }

    /// An upload envelope (magic, version, compressed body) around `body`.
    private static func upload(body: [UInt8]) -> [UInt8]? {
        guard let packed = try? AssertionCompressor.dictionary1.compress(body) else { return nil }
        var writer = WireWriter()
        writer.bytes(DepositUpload.magic)
        writer.byte(DepositUpload.version)
        writer.blob(packed)
        return writer.bytes
    }

    /// Decoding either fails with a ``DepositUploadError`` (the only error
    /// its signature allows) or gives an upload that re-encodes, and whose
    /// encoding decodes to an equal upload.
    private static func checkUpload(_ bytes: [UInt8], _ violations: inout [String]) {
        guard let upload = try? DepositUpload(decoding: bytes) else { return }
        let encoded: [UInt8]
        do {
            encoded = try upload.encoded()
        } catch {
            violations.append("a decoded upload does not re-encode: \(error)")
            return
        }
        do {
            if try DepositUpload(decoding: encoded) != upload { violations.append("a re-encoded upload decodes to another upload") }
        } catch {
            violations.append("a re-encoded upload does not decode: \(error)")
        }
    }

    private static func checkMessage(_ bytes: [UInt8], _ violations: inout [String]) {
        guard let message = try? WireMessage(decoding: bytes) else { return }
        if message.encoded != bytes { violations.append("message type \(message.type) does not re-encode to its bytes") }
    }
}
