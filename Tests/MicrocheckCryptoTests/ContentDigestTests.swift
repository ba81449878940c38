import Dispatch
import Synchronization
import Testing
@testable import MicrocheckCrypto

@Suite("SHA-256 of content in pooled contexts")
struct ContentDigestTests {
    /// FIPS 180-2 appendix B and the digest of the empty message.
    static let knownAnswers: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ]

    @Test("known answers through every entry point", arguments: knownAnswers)
    func knownAnswer(message: String, digest: String) throws {
        let bytes = Array(message.utf8)
        #expect(try ContentDigest.sha256Hex(bytes) == digest)
        #expect(try ContentDigest.sha256(bytes) == (try KeyNoteHex.decode(digest)))
        // Generic: contiguous (a slice) and not contiguous (a lazy map).
        #expect(try ContentDigest.sha256Hex(([0xFF] + bytes)[1...]) == digest)
        #expect(try ContentDigest.sha256Hex(bytes.lazy.map { $0 }) == digest)
    }

    @Test("a million 'a's (FIPS 180-2 appendix B.3), digests of other lengths between")
    func longMessage() throws {
        #expect(try ContentDigest.sha256(Array(repeating: 0x61, count: 3)) != (try ContentDigest.sha256(Array(repeating: 0x61, count: 4))))
        #expect(try ContentDigest.sha256Hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("digests on many threads at once, more than the pool keeps, all right")
    func concurrentDigests() throws {
        let messages = (0..<64).map { index in Array("message \(index) ".utf8) + Array(repeating: UInt8(index), count: index * 37) }
        let expected = try messages.map { try ContentDigest.sha256($0) }
        let wrong = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4 * DigestContextPool.limit) { worker in
            for round in 0..<200 {
                let index = (worker * 7 + round) % messages.count
                if (try? ContentDigest.sha256(messages[index])) != expected[index] {
                    wrong.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(wrong.load(ordering: .relaxed) == 0)
    }
}
