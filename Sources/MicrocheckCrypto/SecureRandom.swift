internal import COpenSSL

/// Unpredictable bytes from OpenSSL's CSPRNG (`RAND_bytes`), for nonces and
/// identifiers that a peer must not guess.
public enum SecureRandom {
    /// `count` random bytes.
    ///
    /// - Throws: ``KeyNoteCryptoError/Code-swift.struct/openSSL`` when the
    ///   generator is not seeded or fails; never returns predictable bytes.
    public static func bytes(_ count: Int) throws(KeyNoteCryptoError) -> [UInt8] {
        guard count >= 0, count <= Int(Int32.max) else {
            throw KeyNoteCryptoError(code: .openSSL, reason: "cannot draw \(count) random bytes")
        }
        var output = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return output }
        let result = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard result == 1 else { throw .openSSL(.openSSL, "RAND_bytes failed") }
        return output
    }
}
