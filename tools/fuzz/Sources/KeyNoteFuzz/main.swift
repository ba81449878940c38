import KeyNoteFuzzHarness

/// libFuzzer's entry point: one input, run through the whole engine by
/// ``KeyNoteFuzzHarness/run(_:)``. Thrown KeyNote errors are expected results;
/// a trap, a sanitizer report, a timeout or a broken invariant of the engine
/// (which this entry point turns into a trap, so that libFuzzer keeps the
/// input) counts as a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let outcome = KeyNoteFuzzHarness.run(UnsafeBufferPointer(start: data, count: size))
    if let violation = outcome.violations.first {
        fatalError("engine invariant broken: \(violation)")
    }
    return 0
}
