/// A credential's text as a dictionary key that hashes cheaply: the length
/// and the last 64 bytes (inside the signature, where no two credentials
/// agree by chance) instead of the whole text, while equality still compares
/// every byte, so two different texts are never taken for one another.
/// Hashing whole 800-byte credentials was a third of clearing's time.
struct CredentialText: Hashable, Sendable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { bytes in
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[max(0, bytes.count - 64)...])))
        }
    }

    static func == (lhs: CredentialText, rhs: CredentialText) -> Bool {
        lhs.text == rhs.text
    }
}
