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
        let utf8 = text.utf8
        hasher.combine(utf8.count)
        for byte in utf8.suffix(64) { hasher.combine(byte) }
    }

    static func == (lhs: CredentialText, rhs: CredentialText) -> Bool {
        lhs.text == rhs.text
    }
}
