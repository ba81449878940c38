/// The public-key algorithm of a key principal or signature.
///
/// RSA and DSA are those of RFC 2792 sections 2-4; Ed25519 is this
/// project's extension (protocol-spec/keynote-extensions.md), unknown to the
/// reference implementation.
public enum KeyAlgorithm: Sendable, Hashable, CaseIterable {
    /// RSA (RFC 2792 sections 2.2, 3.2, 4.2; keys as PKCS#1 DER).
    case rsa
    /// DSA (RFC 2792 sections 2.1, 3.1, 4.1).
    case dsa
    /// Ed25519 (RFC 8032), our extension.
    case ed25519

    /// The algorithm's word in key and signature names: `rsa`, `dsa`, `ed25519`.
    public var name: String {
        switch self {
        case .rsa: "rsa"
        case .dsa: "dsa"
        case .ed25519: "ed25519"
        }
    }
}

/// The ASCII encoding of a key or signature value (RFC 2792 sections 3
/// and 4: "hex" or "base64").
public enum KeyNoteTextEncoding: Sendable, Hashable, CaseIterable {
    /// Lowercase hex, two digits per byte.
    case hex
    /// Padded base64 (RFC 2045 alphabet).
    case base64

    /// The encoding's word in key and signature names: `hex`, `base64`.
    public var name: String {
        switch self {
        case .hex: "hex"
        case .base64: "base64"
        }
    }

    /// Encodes bytes in this encoding (`KeyNoteHex` or `KeyNoteBase64`).
    public func encode(_ bytes: some Collection<UInt8>) -> String {
        switch self {
        case .hex: KeyNoteHex.encode(bytes)
        case .base64: KeyNoteBase64.encode(bytes)
        }
    }

    /// Decodes text (bytes already cut at a NUL) in this encoding with the
    /// reference's rules.
    func decode(bytes: UnsafeBufferPointer<UInt8>) throws(KeyNoteCryptoError) -> [UInt8] {
        switch self {
        case .hex: try KeyNoteHex.decode(bytes: bytes)
        case .base64: try KeyNoteBase64.decode(bytes: bytes)
        }
    }

    /// Decodes text in this encoding with the reference's rules
    /// (`KeyNoteHex.decode` or `KeyNoteBase64.decode`).
    public func decode(_ text: some StringProtocol) throws(KeyNoteCryptoError) -> [UInt8] {
        switch self {
        case .hex: try KeyNoteHex.decode(text)
        case .base64: try KeyNoteBase64.decode(text)
        }
    }
}
