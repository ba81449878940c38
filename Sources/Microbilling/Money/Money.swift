/// An exact amount: integer minor units of a currency. Never floating point.
///
/// Amounts are bounded by ``maximumMinorUnits`` (nine digits) so that a KeyNote
/// condition can compare them, and add two of them, as 32-bit integers without
/// wrapping (see `GuardedCondition`).
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The largest amount in minor units: 999,999,999.
    public static let maximumMinorUnits: Int64 = 999_999_999

    /// The amount in minor units (cents for USD), 0 to ``maximumMinorUnits``.
    public let minorUnits: Int64
    /// The currency.
    public let currency: Currency

    /// Creates an amount.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidValue`` when
    ///   `minorUnits` is negative or above ``maximumMinorUnits``.
    public init(minorUnits: Int64, currency: Currency) throws(MicrobillingError) {
        guard (0...Self.maximumMinorUnits).contains(minorUnits) else {
            throw MicrobillingError(.invalidValue, "amount of \(minorUnits) minor units is outside 0...\(Self.maximumMinorUnits)")
        }
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Reads a decimal amount such as `0.55` or `12` exactly; at most as many
    /// fraction digits as the currency has.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidValue`` for
    ///   anything else (signs, exponents, spaces, too many digits).
    public init(_ text: String, currency: Currency) throws(MicrobillingError) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let digits: (Substring) -> Bool = { part in !part.isEmpty && part.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard (1...2).contains(parts.count), digits(parts[0]), parts[0].count <= 12,
              parts.count == 1 || (digits(parts[1]) && parts[1].count <= currency.minorDigits) else {
            throw MicrobillingError(.invalidValue, "\"\(text.prefix(40))\" is not an amount in \(currency) (digits, at most \(currency.minorDigits) after the point)")
        }
        var units: Int64 = 0
        for byte in parts[0].utf8 { units = units * 10 + Int64(byte - 48) }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        for index in 0..<currency.minorDigits {
            let byte = index < fraction.utf8.count ? Array(fraction.utf8)[index] : 48
            units = units * 10 + Int64(byte - 48)
        }
        try self.init(minorUnits: units, currency: currency)
    }

    /// The amount written with its decimal point, e.g. `0.55`.
    public var decimalText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        appendDecimalText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``decimalText`` to `bytes`.
    func appendDecimalText(to bytes: inout [UInt8]) {
        guard currency.minorDigits > 0 else {
            ASCIIText.appendDecimal(minorUnits, to: &bytes)
            return
        }
        var scale: Int64 = 1
        for _ in 0..<currency.minorDigits { scale *= 10 }
        ASCIIText.appendDecimal(minorUnits / scale, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        ASCIIText.appendDecimal(minorUnits % scale, width: currency.minorDigits, to: &bytes)
    }

    public var description: String { "\(decimalText) \(currency)" }

    /// Orders amounts of one currency; amounts of different currencies are
    /// ordered by currency code first, so `<` is never a conversion.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        (lhs.currency.code, lhs.minorUnits) < (rhs.currency.code, rhs.minorUnits)
    }
}
