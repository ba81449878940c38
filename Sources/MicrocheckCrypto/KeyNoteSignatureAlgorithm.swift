/// A signature algorithm named as in a KeyNote `Signature` field
/// (RFC 2704 section 4.6.7, names from RFC 2792 section 4 and RFC 2704
/// section 9.3), e.g.
/// `sig-rsa-sha1-base64:`.
///
/// Known names: `sig-rsa-sha1-hex:`, `sig-rsa-sha1-base64:`,
/// `sig-rsa-md5-hex:`, `sig-rsa-md5-base64:`, `sig-dsa-sha1-hex:`,
/// `sig-dsa-sha1-base64:` (RFC 2792), and this project's extension
/// `sig-ed25519-hex:`, `sig-ed25519-base64:` (protocol-spec/keynote-extensions.md).
///
/// Like the reference implementation, names are matched ASCII
/// case-insensitively. The spelling found or given is kept in `name`, because
/// the signed bytes include the name as written; equality and hashing ignore
/// the spelling and compare the algorithm only.
///
/// The reference also recognises `sig-x509-sha1-hex:` and
/// `sig-x509-sha1-base64:` but, built against OpenSSL 3, never verifies them
/// (its RSA_verify call names the obsolete SHA-0 signature type); they are
/// not recognised here, which gives the same result: such signatures do not
/// verify.
public struct KeyNoteSignatureAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// Digest applied before the public-key operation.
    enum Digest: Sendable {
        case sha1, md5
        /// Ed25519 signs the message itself (RFC 8032 "pure" Ed25519).
        case none

        var messageDigest: MessageDigest? {
            switch self {
            case .sha1: .sha1
            case .md5: .md5
            case .none: nil
            }
        }
    }

    /// The algorithms, one per canonical (lowercase) name.
    enum Kind: Sendable, CaseIterable {
        case rsaSHA1Hex, rsaSHA1Base64, rsaMD5Hex, rsaMD5Base64
        case dsaSHA1Hex, dsaSHA1Base64
        case ed25519Hex, ed25519Base64

        var canonicalName: String {
            switch self {
            case .rsaSHA1Hex: "sig-rsa-sha1-hex:"
            case .rsaSHA1Base64: "sig-rsa-sha1-base64:"
            case .rsaMD5Hex: "sig-rsa-md5-hex:"
            case .rsaMD5Base64: "sig-rsa-md5-base64:"
            case .dsaSHA1Hex: "sig-dsa-sha1-hex:"
            case .dsaSHA1Base64: "sig-dsa-sha1-base64:"
            case .ed25519Hex: "sig-ed25519-hex:"
            case .ed25519Base64: "sig-ed25519-base64:"
            }
        }

        var keyAlgorithm: KeyAlgorithm {
            switch self {
            case .rsaSHA1Hex, .rsaSHA1Base64, .rsaMD5Hex, .rsaMD5Base64: .rsa
            case .dsaSHA1Hex, .dsaSHA1Base64: .dsa
            case .ed25519Hex, .ed25519Base64: .ed25519
            }
        }

        var digest: Digest {
            switch self {
            case .rsaSHA1Hex, .rsaSHA1Base64, .dsaSHA1Hex, .dsaSHA1Base64: .sha1
            case .rsaMD5Hex, .rsaMD5Base64: .md5
            case .ed25519Hex, .ed25519Base64: .none
            }
        }

        var encoding: KeyNoteTextEncoding {
            switch self {
            case .rsaSHA1Hex, .rsaMD5Hex, .dsaSHA1Hex, .ed25519Hex: .hex
            case .rsaSHA1Base64, .rsaMD5Base64, .dsaSHA1Base64, .ed25519Base64: .base64
            }
        }

        /// Length of the name in bytes (the same in every spelling).
        var nameLength: Int { canonicalName.utf8.count }

        /// Canonical names as bytes, for prefix matching.
        static let namesUTF8: [(Kind, [UInt8])] = allCases.map { ($0, Array($0.canonicalName.utf8)) }
    }

    let kind: Kind

    /// The name with its trailing colon, spelled as it was found or given
    /// (e.g. `sig-rsa-sha1-base64:` or `SIG-RSA-SHA1-BASE64:`); it is part of
    /// the signed bytes (RFC 2704 section 4.6.7, RFC 2792 section 4).
    public let name: String

    private init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// RSA PKCS#1 v1.5 over SHA-1, hex (RFC 2792 section 4.2).
    public static let rsaSHA1Hex = KeyNoteSignatureAlgorithm(kind: .rsaSHA1Hex, name: Kind.rsaSHA1Hex.canonicalName)
    /// RSA PKCS#1 v1.5 over SHA-1, base64 (RFC 2792 section 4.2).
    public static let rsaSHA1Base64 = KeyNoteSignatureAlgorithm(kind: .rsaSHA1Base64, name: Kind.rsaSHA1Base64.canonicalName)
    /// RSA PKCS#1 v1.5 over MD5, hex (RFC 2792 section 4.2).
    public static let rsaMD5Hex = KeyNoteSignatureAlgorithm(kind: .rsaMD5Hex, name: Kind.rsaMD5Hex.canonicalName)
    /// RSA PKCS#1 v1.5 over MD5, base64 (RFC 2792 section 4.2).
    public static let rsaMD5Base64 = KeyNoteSignatureAlgorithm(kind: .rsaMD5Base64, name: Kind.rsaMD5Base64.canonicalName)
    /// DSA over SHA-1, DER `Dss-Sig-Value`, hex (RFC 2792 section 4.1).
    public static let dsaSHA1Hex = KeyNoteSignatureAlgorithm(kind: .dsaSHA1Hex, name: Kind.dsaSHA1Hex.canonicalName)
    /// DSA over SHA-1, DER `Dss-Sig-Value`, base64 (RFC 2792 section 4.1).
    public static let dsaSHA1Base64 = KeyNoteSignatureAlgorithm(kind: .dsaSHA1Base64, name: Kind.dsaSHA1Base64.canonicalName)
    /// Ed25519 (RFC 8032), hex: our extension.
    public static let ed25519Hex = KeyNoteSignatureAlgorithm(kind: .ed25519Hex, name: Kind.ed25519Hex.canonicalName)
    /// Ed25519 (RFC 8032), base64: our extension.
    public static let ed25519Base64 = KeyNoteSignatureAlgorithm(kind: .ed25519Base64, name: Kind.ed25519Base64.canonicalName)

    /// Every known algorithm, with its canonical lowercase name.
    public static let all: [KeyNoteSignatureAlgorithm] = Kind.allCases.map {
        KeyNoteSignatureAlgorithm(kind: $0, name: $0.canonicalName)
    }

    /// Recognises the algorithm name at the start of a signature value (the
    /// unquoted `Signature` field, RFC 2704 section 4.6.7) as the reference
    /// does: an ASCII case-insensitive prefix match against the known names,
    /// on the text up to a NUL, if any. The result's `name` is the prefix as
    /// written and `prefixLength` its length; the encoded signature follows
    /// it. Returns nil when no known name starts the text.
    public static func identify(_ signature: some StringProtocol) -> KeyNoteSignatureAlgorithm? {
        CStringBytes.with(signature) { bytes in
            identify(bytes: bytes).map { kind in
                KeyNoteSignatureAlgorithm(kind: kind, name: String(decoding: bytes[..<kind.nameLength], as: UTF8.self))
            }
        }
    }

    /// The kind whose name starts `bytes`, ASCII case-insensitively.
    static func identify(bytes: UnsafeBufferPointer<UInt8>) -> Kind? {
        Kind.namesUTF8.first { _, name in
            name.count <= bytes.count && name.indices.allSatisfy { asciiLowercase(bytes[$0]) == name[$0] }
        }?.0
    }

    /// The algorithm with exactly this name, trailing colon included, matched
    /// ASCII case-insensitively (as `keynote sign` takes it, RFC 2792
    /// section 4); the spelling is kept. Nil for any other text.
    public init?(name: String) {
        var text = name
        guard let kind = text.withUTF8({ bytes in Self.identify(bytes: bytes).flatMap { $0.nameLength == bytes.count ? $0 : nil } }) else {
            return nil
        }
        self.init(kind: kind, name: name)
    }

    /// The number of UTF-8 bytes `name` occupies at the start of a signature.
    public var prefixLength: Int { name.utf8.count }

    /// The key algorithm a signature of this algorithm needs.
    public var keyAlgorithm: KeyAlgorithm { kind.keyAlgorithm }

    /// The ASCII encoding of the signature value after the name.
    public var encoding: KeyNoteTextEncoding { kind.encoding }

    /// The name as spelled.
    public var description: String { name }

    /// The default algorithm that `keynote sign` users pick for a key and an
    /// encoding: SHA-1 for RSA and DSA, pure Ed25519 for Ed25519.
    public static func `default`(for key: KeyAlgorithm, encoding: KeyNoteTextEncoding) -> KeyNoteSignatureAlgorithm {
        switch (key, encoding) {
        case (.rsa, .hex): .rsaSHA1Hex
        case (.rsa, .base64): .rsaSHA1Base64
        case (.dsa, .hex): .dsaSHA1Hex
        case (.dsa, .base64): .dsaSHA1Base64
        case (.ed25519, .hex): .ed25519Hex
        case (.ed25519, .base64): .ed25519Base64
        }
    }

    /// Same algorithm, whatever the spelling.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.kind == rhs.kind
    }

    /// Hashes the algorithm, not the spelling.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
    }
}

/// ASCII lowercase of one byte; other bytes unchanged.
func asciiLowercase(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
}
