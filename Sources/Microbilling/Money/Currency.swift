/// A currency: its code as it appears in offers and credentials and the
/// number of decimal digits of its minor unit (2 for USD: cents).
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Three to eight upper-case letters or digits, e.g. `USD`.
    public let code: String
    /// Digits after the decimal point, 0 to 4.
    public let minorDigits: Int

    /// US dollars in cents.
    public static let usd = Currency(checkedCode: "USD", minorDigits: 2)

    /// Creates a currency.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidValue`` for a
    ///   code that is not 3 to 8 upper-case letters or digits, or more than 4 minor digits.
    public init(code: String, minorDigits: Int) throws(MicrobillingError) {
        let bytes = Array(code.utf8)
        let valid = (3...8).contains(bytes.count) && bytes.allSatisfy {
            ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        }
        try Token.require(valid, "currency code", code)
        guard (0...4).contains(minorDigits) else {
            throw MicrobillingError(.invalidValue, "currency \(code): \(minorDigits) minor digits (0 to 4 allowed)")
        }
        self.init(checkedCode: code, minorDigits: minorDigits)
    }

    private init(checkedCode: String, minorDigits: Int) {
        self.code = checkedCode
        self.minorDigits = minorDigits
    }

    public var description: String { code }

    private enum CodingKeys: String, CodingKey { case code, minorDigits }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(code: container.decode(String.self, forKey: .code),
                      minorDigits: container.decode(Int.self, forKey: .minorDigits))
    }
}
