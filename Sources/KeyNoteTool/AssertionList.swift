/// Splits a file into the assertions it holds, as the reference's
/// `kn_read_asserts` does: assertions are separated by an empty line (two
/// newlines in a row; a line holding only spaces does not separate), pieces
/// holding only whitespace are dropped, and each assertion ends at its first
/// NUL byte, if any (the reference handles them as C strings).
enum AssertionList {
    /// One assertion of a file.
    struct Piece: Equatable {
        /// The assertion's bytes, from the start of its piece up to and
        /// including the newline before the separating empty line.
        var bytes: [UInt8]
        /// The offset of `bytes` in the file.
        var offset: Int
    }

    static func split(_ file: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
        var start = 0
        var afterNewline = false
        var hasText = false

        func take(_ end: Int) {
            if hasText {
                let bytes = file[start..<end]
                pieces.append(Piece(bytes: Array(bytes.prefix { $0 != 0 }), offset: start))
            }
        }

        for (index, byte) in file.enumerated() {
            if byte == UInt8(ascii: "\n") {
                if afterNewline {
                    take(index)
                    hasText = false
                    afterNewline = false
                    start = index + 1
                } else {
                    afterNewline = true
                }
                continue
            }
            afterNewline = false
            if !isSpace(byte) { hasText = true }
        }
        take(file.count)
        return pieces
    }

    /// C `isspace` in the C locale.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
