import WireFuzzHarness

/// libFuzzer's entry point for the wire decoders: frames, messages,
/// expansion, deposit uploads. A broken invariant becomes a trap so that libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let violation = WireFuzzHarness.run(UnsafeBufferPointer(start: data, count: size)).first {
        fatalError("wire invariant broken: \(violation)")
    }
    return 0
}
