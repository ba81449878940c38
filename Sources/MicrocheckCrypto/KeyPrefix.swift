/// The key-algorithm prefixes of principal texts (RFC 2792 section 3, RFC
/// 2704 section 9.2), as the
/// reference implementation recognises them: ASCII case-insensitively, at the
/// start of the text, in this order.
struct KeyPrefix: Sendable {
    /// What the decoded bytes are.
    enum Kind: Sendable, Equatable {
        /// A key of one of our algorithms.
        case key(KeyAlgorithm)
        /// `x509-*`: a DER X.509 certificate whose RSA key is the principal.
        case x509
        /// `binary-*`: raw bytes (the reference recognises these but rejects
        /// them where principals are used).
        case binary
    }

    let kind: Kind
    let encoding: KeyNoteTextEncoding
    let text: String
    let utf8: [UInt8]

    private init(_ text: String, _ kind: Kind, _ encoding: KeyNoteTextEncoding) {
        self.kind = kind
        self.encoding = encoding
        self.text = text
        utf8 = Array(text.utf8)
    }

    /// The reference's list (signature.h), then our Ed25519 extension.
    static let all: [KeyPrefix] = [
        KeyPrefix("dsa-hex:", .key(.dsa), .hex),
        KeyPrefix("dsa-base64:", .key(.dsa), .base64),
        KeyPrefix("rsa-hex:", .key(.rsa), .hex),
        KeyPrefix("rsa-base64:", .key(.rsa), .base64),
        KeyPrefix("x509-base64:", .x509, .base64),
        KeyPrefix("x509-hex:", .x509, .hex),
        KeyPrefix("binary-hex:", .binary, .hex),
        KeyPrefix("binary-base64:", .binary, .base64),
        KeyPrefix("ed25519-hex:", .key(.ed25519), .hex),
        KeyPrefix("ed25519-base64:", .key(.ed25519), .base64),
    ]

    /// The `private-` marker of keynote(1) keygen's private keys.
    static let privateMarker: [UInt8] = Array("private-".utf8)

    /// The lowercase prefix of a key of `algorithm` in `encoding`, e.g. `rsa-base64:`.
    static func text(for algorithm: KeyAlgorithm, _ encoding: KeyNoteTextEncoding) -> String {
        "\(algorithm.name)-\(encoding.name):"
    }

    /// The prefix that starts `bytes` and the bytes after it, or nil.
    static func match(_ bytes: UnsafeBufferPointer<UInt8>) -> (KeyPrefix, UnsafeBufferPointer<UInt8>)? {
        for prefix in all where hasPrefix(bytes, prefix.utf8) {
            return (prefix, bytes.droppingFirst(prefix.utf8.count))
        }
        return nil
    }

    /// ASCII case-insensitive `strncasecmp(prefix, bytes, prefix.count) == 0`.
    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        prefix.count <= bytes.count && prefix.indices.allSatisfy { asciiLowercase(bytes[$0]) == prefix[$0] }
    }
}
