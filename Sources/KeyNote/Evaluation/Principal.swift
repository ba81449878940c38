import MicrocheckCrypto

/// A principal as the compliance checker compares it (RFC 2704 section 4.4).
///
/// Strings that carry a key-algorithm prefix the reference knows (`rsa-hex:`,
/// `dsa-base64:`, ...) are decoded and compared by key material, so the same key
/// written in hex and in base64 is one principal. Any other string is an opaque
/// principal compared byte for byte.
enum Principal: Hashable, Sendable {
    case opaque([UInt8])
    case key(KeyNoteKey)

    /// Whether this is the principal `POLICY`, root of every query.
    var isPolicy: Bool {
        guard case .opaque(let text) = self else { return false }
        return text.withUnsafeBufferPointer { text in
            Self.policyName.withUTF8Buffer { CText.equal(text, $0) }
        }
    }

    private static let policyName: StaticString = "POLICY"

    static func == (lhs: Principal, rhs: Principal) -> Bool {
        switch (lhs, rhs) {
        case (.key(let left), .key(let right)): return left == right
        case (.opaque(let left), .opaque(let right)): return left == right
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .opaque(let text): hasher.combine(ByteString(text))
        case .key(let key): hasher.combine(key)
        }
    }

    /// Decodes a principal; fails when the string has a key prefix but does not decode.
    static func decode(_ text: [UInt8]) throws(KeyNoteError) -> Principal {
        do {
            if let key = try KeyNoteKey.parse(utf8: text) {
                return .key(key)
            }
            return .opaque(text)
        } catch {
            throw undecodable(String(decoding: text, as: UTF8.self), error)
        }
    }

    /// Decodes a principal read in place; the bytes are copied only for an opaque one.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) throws(KeyNoteError) -> Principal {
        do {
            if let key = try KeyNoteKey.parse(utf8: text) {
                return .key(key)
            }
            return .opaque(Array(text))
        } catch {
            throw undecodable(String(decoding: text, as: UTF8.self), error)
        }
    }

    private static func undecodable(_ text: String, _ error: KeyNoteCryptoError) -> KeyNoteError {
        KeyNoteError(.syntax, "principal \(Principal.abbreviate(text)) does not decode: \(error.reason)")
    }

    static func abbreviate(_ text: String) -> String {
        text.count > 40 ? "\"\(text.prefix(37))...\"" : "\"\(text)\""
    }
}
