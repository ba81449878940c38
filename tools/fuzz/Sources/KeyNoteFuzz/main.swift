import KeyNoteFuzzHarness

/// libFuzzer's entry point: one input, run through the whole engine by
/// ``KeyNoteFuzzHarness/run(_:)``. Thrown KeyNote errors are expected results;
/// only a trap, a sanitizer report or a timeout counts as a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    KeyNoteFuzzHarness.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
