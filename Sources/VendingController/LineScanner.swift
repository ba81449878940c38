/// Reads one protocol line word by word, keeping the column of each word for errors.
///
/// A line is printable ASCII (0x20 to 0x7E) of at most ``VendingProtocol/maximumLineLength``
/// bytes; words are separated by exactly one space.
struct LineScanner {
    private let bytes: [UInt8]
    private var position = 0

    /// Checks the line's length and characters.
    init(line: String) throws(ControllerProtocolError) {
        let bytes = Array(line.utf8)
        guard bytes.count <= VendingProtocol.maximumLineLength else {
            throw ControllerProtocolError(.lineTooLong, column: VendingProtocol.maximumLineLength + 1,
                                          "the line has \(bytes.count) bytes, at most \(VendingProtocol.maximumLineLength) are allowed")
        }
        if let index = bytes.firstIndex(where: { !(0x20...0x7E).contains($0) }) {
            throw ControllerProtocolError(.notPrintableASCII, column: index + 1,
                                          "byte 0x\(String(bytes[index], radix: 16)) is not printable ASCII")
        }
        self.bytes = bytes
    }

    /// The column of the next byte, counting from 1.
    var column: Int { position + 1 }

    /// The first word of the line (the command or answer keyword).
    mutating func keyword() throws(ControllerProtocolError) -> String {
        guard !bytes.isEmpty else { throw ControllerProtocolError(.unknownKeyword, column: 1, "the line is empty") }
        return try wordAfterSeparator(what: "keyword")
    }

    /// The next space-separated word, described as `what` in errors.
    mutating func word(_ what: String) throws(ControllerProtocolError) -> String {
        try skipSeparator(what: what)
        return try wordAfterSeparator(what: what)
    }

    /// The rest of the line after one space (may contain spaces, must not be empty).
    mutating func rest(_ what: String) throws(ControllerProtocolError) -> String {
        try skipSeparator(what: what)
        guard position < bytes.count else {
            throw ControllerProtocolError(.missingArgument, column: column, "\(what) is empty")
        }
        let text = String(decoding: bytes[position...], as: UTF8.self)
        position = bytes.count
        return text
    }

    /// A canonical decimal number (no sign, no leading zero) of at most `maximumDigits` digits.
    mutating func number(_ what: String, maximumDigits: Int) throws(ControllerProtocolError) -> Int {
        let start = column + 1
        let text = try word(what)
        let digits = text.utf8
        guard digits.count <= maximumDigits,
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              digits.count == 1 || digits.first != UInt8(ascii: "0"),
              let value = Int(text)
        else {
            throw ControllerProtocolError(.badArgument, column: start,
                                          "\(what) must be a decimal number of at most \(maximumDigits) digits, not \"\(text)\"")
        }
        return value
    }

    /// A payment id (1 to 32 of `[0-9a-f]`).
    mutating func paymentID() throws(ControllerProtocolError) -> PaymentID {
        let start = column + 1
        let text = try word("payment id")
        guard let id = PaymentID(text) else {
            throw ControllerProtocolError(.badArgument, column: start,
                                          "a payment id is 1 to 32 of [0-9a-f], not \"\(text)\"")
        }
        return id
    }

    /// Checks that nothing follows.
    func end() throws(ControllerProtocolError) {
        guard position == bytes.count else {
            throw ControllerProtocolError(.extraArgument, column: column, "unexpected text after the last argument")
        }
    }

    /// Reports a malformed argument that started at `column`.
    static func bad(_ what: String, _ text: String, column: Int, expected: String) -> ControllerProtocolError {
        ControllerProtocolError(.badArgument, column: column, "\(what) must be \(expected), not \"\(text)\"")
    }

    private mutating func skipSeparator(what: String) throws(ControllerProtocolError) {
        guard position < bytes.count else {
            throw ControllerProtocolError(.missingArgument, column: column, "\(what) is missing")
        }
        // The byte here is a space: words end at a space or at the end of the line.
        position += 1
    }

    private mutating func wordAfterSeparator(what: String) throws(ControllerProtocolError) -> String {
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: " ") {
            position += 1
        }
        guard position > start else {
            throw ControllerProtocolError(.badArgument, column: start + 1, "\(what) is empty (two spaces in a row?)")
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }
}
