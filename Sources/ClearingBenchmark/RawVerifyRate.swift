import Dispatch
import Foundation
import KeyNote
import Microbilling
import MicrocheckCrypto
import MicrocheckScenarios
import Synchronization

/// OpenSSL alone verifying the backlog's microcheck signatures (RSA: SHA-1
/// and one public-key operation, key and context decoded in advance), one
/// thread and every core: the ceiling for clearing's rate.
struct RawVerifyRate {
    let singleThread: Double
    let allCores: Double

    /// Measures for about `seconds` each, cycling over up to 1,000 of the backlog's microchecks.
    init(_ backlog: DepositBacklog, seconds: Double) throws {
        let sample = Array(backlog.deposits.lazy.flatMap(\.purchases).prefix(1_000))
        guard !sample.isEmpty else { throw MicrobillingError(.invalidValue, "an empty backlog has no signature to verify") }
        func verifiers() throws -> [KeyNoteRawVerifier] {
            try sample.map { purchase in
                let assertion = try Assertion(parsing: purchase.microcheck)
                guard let signed = assertion.signedBytes, let end = purchase.microcheck.lastIndex(of: "\""),
                      let start = purchase.microcheck[..<end].lastIndex(of: "\"") else {
                    throw MicrobillingError(.invalidAssertion, "microcheck \(purchase.microcheckID) has no signature")
                }
                let signature = String(purchase.microcheck[purchase.microcheck.index(after: start)..<end])
                return try KeyNoteRawVerifier(key: purchase.payer, signature: signature, signedText: signed)
            }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let perThread = try (0..<max(1, cores)).map { _ in try verifiers() }
        guard perThread[0].allSatisfy({ $0.verifyOnce() }) else {
            throw MicrobillingError(.invalidAssertion, "a backlog signature does not verify")
        }
        singleThread = Self.rate(seconds: seconds, threads: [perThread[0]])
        allCores = Self.rate(seconds: seconds, threads: perThread)
    }

    /// Verifications per second, summed over one thread per element of `threads`.
    private static func rate(seconds: Double, threads: [[KeyNoteRawVerifier]]) -> Double {
        let total = Atomic<Int>(0)
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        let verifiers = UncheckedVerifiers(threads: threads)
        DispatchQueue.concurrentPerform(iterations: threads.count) { thread in
            var done = 0
            let own = verifiers.threads[thread]
            while clock.now - start < budget {
                for _ in 0..<64 {
                    _ = own[done % own.count].verifyOnce()
                    done += 1
                }
            }
            total.add(done, ordering: .relaxed)
        }
        let (whole, attoseconds) = (clock.now - start).components
        return Double(total.load(ordering: .relaxed)) / (Double(whole) + Double(attoseconds) / 1e18)
    }

    /// Each thread's own verifiers (a verifier is not thread-safe; none is shared).
    private struct UncheckedVerifiers: @unchecked Sendable {
        let threads: [[KeyNoteRawVerifier]]
    }
}
