// keynote-bench: the paper's merchant check, timed on one thread.
//
//   swift run -c release keynote-bench [seconds-per-measurement] [key: RSA-1024, RSA-2048 or Ed25519]
//
// For RSA-1024, RSA-2048 and Ed25519 keys it prints checks per second for the
// merchant's query (merchant POLICY -> payment authority credential -> payer
// microcheck, the merchant as action authorizer):
//   fresh        every assertion parsed and every signature verified, with
//                the process-wide cache of decoded public keys on and off;
//   PA cached    the merchant's session prepared once (policy, PA credential,
//                its own key as action authorizer) and copied per check, so
//                the PA credential's signature is verified once; a new
//                microcheck parsed and verified per check;
//   raw          OpenSSL alone verifying the microcheck's signature over the
//                same bytes with an already decoded key and context: one
//                EVP_DigestVerify for Ed25519; for RSA the SHA-1 digest and one
//                EVP_PKEY_verify_recover, since KeyNote's RSA signatures wrap
//                the hash in a bare OCTET STRING that EVP_DigestVerify rejects
//                (same cost: one digest, one public-key operation);
// and the signature verifications each kind of check performed. PA cached and
// raw are timed in ten alternating slices each, so that a change in the
// machine's load weighs on both sides of their ratio alike.

import Foundation
import KeyNote
import MicrocheckCrypto

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
}

/// The assertions of one merchant check for one key algorithm.
struct Scenario {
    let name: String
    let policy: String
    let credential: String
    let microchecks: [String]
    let merchant: String
    let attributes: [[(String, String)]]
    let rawVerifier: KeyNoteRawVerifier

    static let values = ["false", "true"]

    init(name: String, algorithm: KeyAlgorithm, bits: Int, signature: KeyNoteSignatureAlgorithm, count: Int) throws {
        let pa = try KeyNotePrivateKey.generate(algorithm, bits: bits)
        let payer = try KeyNotePrivateKey.generate(algorithm, bits: bits)
        let merchant = try KeyNotePrivateKey.generate(algorithm, bits: bits).publicKey.encoded(.base64)
        let paKey = pa.publicKey.encoded(.base64)
        let payerKey = payer.publicKey.encoded(.base64)
        self.name = name
        self.merchant = merchant
        policy = """
            Authorizer: "POLICY"
            Licensees: "\(paKey)"
            Conditions: app_domain == "microcheck" -> "true";

            """
        credential = try Self.signed("""
            KeyNote-Version: 2
            Authorizer: "\(paKey)"
            Licensees: "\(payerKey)"
            Conditions: app_domain == "microcheck" && currency == "USD" &&
                        amount ~= "^[0-9]+$" && @amount <= 100 &&
                        purchases_today ~= "^[0-9]+$" && @purchases_today < 20 -> "true";
            Signature:

            """, by: pa, algorithm: signature)
        var microchecks: [String] = []
        var attributes: [[(String, String)]] = []
        for index in 0..<count {
            let nonce = String(format: "%016llx", UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            microchecks.append(try Self.signed("""
                Authorizer: "\(payerKey)"
                Licensees: "\(merchant)"
                Conditions: app_domain == "microcheck" && merchant_id == "KN-SODA-1" &&
                            nonce == "\(nonce)" && amount == "55" -> "true";
                Signature:

                """, by: payer, algorithm: signature))
            attributes.append([("app_domain", "microcheck"), ("currency", "USD"), ("amount", "55"),
                               ("merchant_id", "KN-SODA-1"), ("nonce", nonce), ("purchases_today", "3")])
        }
        self.microchecks = microchecks
        self.attributes = attributes
        let first = try Assertion(parsing: microchecks[0])
        guard let signed = first.signedBytes,
              let line = microchecks[0].split(separator: "\n").last(where: { $0.contains("sig-") }),
              let start = line.firstIndex(of: "\""), let end = line.lastIndex(of: "\""), start < end,
              let key = try KeyNoteKey.parse(payerKey) else {
            throw BenchmarkFailure(description: "cannot find the microcheck signature")
        }
        rawVerifier = try KeyNoteRawVerifier(key: key, signature: String(line[line.index(after: start)..<end]), signedText: signed)
    }

    /// Appends the signature made by `key` to an assertion ending in "Signature:".
    static func signed(_ text: String, by key: KeyNotePrivateKey, algorithm: KeyNoteSignatureAlgorithm) throws -> String {
        let unsigned = String(text.dropLast())
        let signature = try AssertionSigning.sign(Array(unsigned.utf8), algorithm: algorithm, key: key)
        return unsigned + " \"\(signature)\"\n"
    }

    /// One fresh check: everything parsed, every signature verified.
    func freshCheck(_ index: Int) throws -> QueryResult {
        var session = KeyNoteSession()
        try session.addPolicy(policy)
        try session.addCredential(credential)
        try session.addCredential(microchecks[index])
        for (name, value) in attributes[index] { try session.setAttribute(name, value) }
        try session.addAuthorizer(merchant)
        return try session.query(values: Self.values)
    }

    /// The merchant's session before any purchase: its policy, the PA
    /// credential (parsed once, so its signature is verified once) and its
    /// own key as the action authorizer.
    func merchantSession() throws -> KeyNoteSession {
        var session = KeyNoteSession()
        try session.add(Assertion(parsing: policy), trusted: true)
        try session.add(Assertion(parsing: credential), trusted: false)
        try session.addAuthorizer(merchant)
        return session
    }

    /// One check on a copy of the merchant's session: only the microcheck is
    /// parsed and verified.
    func cachedCheck(_ index: Int, in merchantSession: KeyNoteSession) throws -> QueryResult {
        var session = merchantSession
        try session.addCredential(microchecks[index])
        for (name, value) in attributes[index] { try session.setAttribute(name, value) }
        return try session.query(values: Self.values)
    }
}

/// Runs `body` repeatedly for about `seconds`; returns calls per second.
func rate(seconds: Double, _ body: (Int) throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var iterations = 0
    let start = clock.now
    var elapsed = Duration.zero
    let budget = Duration.milliseconds(Int64(seconds * 1000))
    while elapsed < budget {
        for _ in 0..<64 {
            try body(iterations)
            iterations += 1
        }
        elapsed = clock.now - start
    }
    let (whole, attoseconds) = elapsed.components
    return Double(iterations) / (Double(whole) + Double(attoseconds) / 1e18)
}

/// Calls and time summed over several timed slices.
struct Slices {
    private var iterations = 0
    private var elapsed = Duration.zero

    /// Runs `body` for about `seconds` more.
    mutating func add(seconds: Double, _ body: (Int) throws -> Void) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        var spent = Duration.zero
        while spent < budget {
            for _ in 0..<64 {
                try body(iterations)
                iterations += 1
            }
            spent = clock.now - start
        }
        elapsed += spent
    }

    /// Calls per second over all slices.
    var rate: Double {
        let (whole, attoseconds) = elapsed.components
        return Double(iterations) / (Double(whole) + Double(attoseconds) / 1e18)
    }
}

func formatted(_ value: Double) -> String {
    String(format: "%10.0f", value)
}

let arguments = Array(CommandLine.arguments.dropFirst())
let seconds = arguments.first.flatMap(Double.init) ?? 2.0
let only = arguments.count > 1 ? arguments[1] : nil
let microcheckCount = 64

print("keynote-bench: merchant check (POLICY -> PA credential -> payer microcheck), merchant as action authorizer")
print("one thread, \(seconds) s per measurement, \(microcheckCount) distinct microchecks cycled\n")
print("key        fresh+cache/s  fresh/s     PA-cached/s  raw/s       cached/raw  verifications (fresh, PA-cached)")

let scenarios: [(String, KeyAlgorithm, Int, KeyNoteSignatureAlgorithm)] = [
    ("RSA-1024", .rsa, 1024, .rsaSHA1Base64),
    ("RSA-2048", .rsa, 2048, .rsaSHA1Base64),
    ("Ed25519", .ed25519, 256, .ed25519Base64),
]

do {
    for (name, algorithm, bits, signature) in scenarios where only.map({ name.contains($0) }) ?? true {
        let scenario = try Scenario(name: name, algorithm: algorithm, bits: bits, signature: signature, count: microcheckCount)
        let merchantSession = try scenario.merchantSession()

        let fresh = try scenario.freshCheck(0)
        let cached = try scenario.cachedCheck(0, in: merchantSession)
        guard fresh.value == "true", cached.value == "true", scenario.rawVerifier.verifyOnce() else {
            throw BenchmarkFailure(description: "\(name): the check does not pass (\(fresh.value), \(cached.value))")
        }
        let cachedAgain = try scenario.cachedCheck(1, in: merchantSession)

        KeyNoteKeyCache.isEnabled = true
        let freshWithCache = try rate(seconds: seconds) { _ = try scenario.freshCheck($0 % microcheckCount) }
        KeyNoteKeyCache.isEnabled = false
        KeyNoteKeyCache.removeAll()
        let freshWithoutCache = try rate(seconds: seconds) { _ = try scenario.freshCheck($0 % microcheckCount) }
        KeyNoteKeyCache.isEnabled = true
        // PA-cached and raw are timed in alternating slices, so that a change
        // in the machine's load during the run weighs on both alike.
        var paCachedSlices = Slices()
        var rawSlices = Slices()
        for _ in 0..<10 {
            try paCachedSlices.add(seconds: seconds / 10) { _ = try scenario.cachedCheck($0 % microcheckCount, in: merchantSession) }
            rawSlices.add(seconds: seconds / 10) { _ in _ = scenario.rawVerifier.verifyOnce() }
        }
        let paCached = paCachedSlices.rate
        let raw = rawSlices.rate

        print(name.padding(toLength: 10, withPad: " ", startingAt: 0),
              formatted(freshWithCache), "  ", formatted(freshWithoutCache), formatted(paCached), "  ", formatted(raw),
              String(format: "   %5.1f%%", 100 * paCached / raw),
              "     \(fresh.signatureVerifications), \(cachedAgain.signatureVerifications)")
    }
    print("\nraw: OpenSSL alone on the microcheck's signed bytes, key and context ready (RSA: SHA-1 + verify_recover)")
    print("reference keynote(1) on this machine kind, one thread: about 15,400 fresh checks/s (RSA-1024), 8,600 (RSA-2048)")
} catch {
    FileHandle.standardError.write(Data("keynote-bench: \(error)\n".utf8))
    exit(1)
}
