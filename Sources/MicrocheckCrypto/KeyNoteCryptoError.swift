internal import COpenSSL

/// An error of the KeyNote crypto layer: an ASCII encoding, key or signature
/// that cannot be decoded or used, or a failure inside OpenSSL.
///
/// KeyNote (RFC 2704 sections 4.5.2 and 4.6.7) leaves the handling of such
/// failures to the implementation; RFC 2792 sections 3 and 4 define the key
/// and signature encodings whose violations these codes name.
public struct KeyNoteCryptoError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Compare against the `static let`s.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// Hex or base64 text that does not decode (RFC 2792 sections 3 and 4).
        public static let invalidEncoding = Code("invalidEncoding")
        /// Key text with a recognised algorithm prefix whose DER (or raw bytes)
        /// does not decode to a key of that algorithm (RFC 2792 section 3).
        public static let invalidKey = Code("invalidKey")
        /// A key or signature algorithm that is recognised but not usable here
        /// (for example `binary-hex:` principals or `x509` private keys).
        public static let unsupportedAlgorithm = Code("unsupportedAlgorithm")
        /// The signature algorithm and the key belong to different key
        /// algorithms (RFC 2704 section 4.6.7).
        public static let algorithmMismatch = Code("algorithmMismatch")
        /// Private-key text that does not start with `private-` and a key
        /// algorithm (the form keynote(1) keygen writes).
        public static let notAPrivateKey = Code("notAPrivateKey")
        /// A requested key size outside the accepted range.
        public static let invalidKeySize = Code("invalidKeySize")
        /// OpenSSL reported an internal failure (memory, provider, RNG).
        public static let openSSL = Code("openSSL")

        /// The code's name, e.g. `invalidKey`.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation; for failures reported by OpenSSL it ends
    /// with the text of OpenSSL's error queue.
    public var reason: String

    /// Makes an error with a code and a reason.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`.
    public var description: String { "\(code): \(reason)" }

    /// An error whose reason is `reason` followed by the drained OpenSSL error
    /// queue of the calling thread (if it holds anything).
    static func openSSL(_ code: Code, _ reason: String) -> KeyNoteCryptoError {
        let queue = OpenSSLErrorQueue.drain()
        return KeyNoteCryptoError(code: code, reason: queue.isEmpty ? reason : "\(reason) (OpenSSL: \(queue))")
    }
}

/// Access to OpenSSL's per-thread error queue.
enum OpenSSLErrorQueue {
    /// Removes every entry from the calling thread's queue and returns their
    /// texts joined by "; " (empty if the queue was empty).
    static func drain() -> String {
        var texts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            texts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return texts.joined(separator: "; ")
    }

    /// Discards the calling thread's queue (after an expected failure such as
    /// a signature that does not verify).
    static func clear() {
        ERR_clear_error()
    }
}
