internal import COpenSSL

/// Helpers for handling secret and authentication bytes: comparison that
/// takes the same time wherever the inputs differ, and wiping of buffers that
/// held private-key material (the private keys of keynote(1) keygen, for
/// the signatures of RFC 2792 section 4).
public enum KeyNoteSecrets {
    /// True when `lhs` and `rhs` have the same length and bytes. The time
    /// taken depends only on the length, not on where the bytes differ
    /// (`CRYPTO_memcmp`). Lengths are not secret.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard !lhs.isEmpty else { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    /// Overwrites every byte of `bytes` with zero in a way the compiler may not
    /// remove (`OPENSSL_cleanse`), then empties the array. Copies of the array
    /// made earlier are not affected.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress {
                OPENSSL_cleanse(base, buffer.count)
            }
        }
        bytes.removeAll()
    }
}

/// Internal shorthand.
typealias Secrets = KeyNoteSecrets

/// Secret bytes in memory this object alone owns, wiped when it is freed.
/// Immutable after `init`, hence safe to share between threads.
final class SecretBytes: @unchecked Sendable {
    private let allocation: UnsafeMutableBufferPointer<UInt8>
    private let count: Int

    /// Copies `bytes` into owned memory.
    init(copying bytes: [UInt8]) {
        allocation = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        allocation.initialize(repeating: 0)
        _ = allocation.update(fromContentsOf: bytes)
        count = bytes.count
    }

    deinit {
        if let base = allocation.baseAddress {
            OPENSSL_cleanse(base, allocation.count)
        }
        allocation.deallocate()
    }

    /// Calls `body` with the bytes; do not let them escape.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(rebasing: allocation[..<count]))
    }
}
