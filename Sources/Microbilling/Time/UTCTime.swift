/// A moment in UTC, to the second. Offers, credentials and clearing all speak
/// UTC; the calendar is the proleptic Gregorian one.
///
/// In KeyNote conditions a moment is written as a fixed-width stamp,
/// `YYYYMMDDThhmmss`, so that string comparison orders it correctly.
public struct UTCTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64

    /// The first and last years a stamp can be written for.
    public static let years = 1970...9999

    /// A moment from its seconds since the epoch.
    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// A moment from its calendar parts.
    ///
    /// - Throws: ``MicrobillingError/Code-swift.struct/invalidValue`` for a
    ///   date that does not exist or a year outside ``years``.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) throws(MicrobillingError) {
        guard Self.years.contains(year), (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else {
            throw MicrobillingError(.invalidValue, "\(year)-\(month)-\(day) \(hour):\(minute):\(second) is not a UTC time")
        }
        let days = Self.daysSince1970(year: year, month: month, day: day)
        self.init(secondsSince1970: days * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }

    /// Reads a stamp `YYYYMMDDThhmmss`.
    public init(stamp: String) throws(MicrobillingError) {
        let bytes = Array(stamp.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard bytes.count == 15, bytes[8] == UInt8(ascii: "T"),
              let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15) else {
            throw MicrobillingError(.invalidValue, "\"\(stamp.prefix(40))\" is not a UTC stamp YYYYMMDDThhmmss")
        }
        try self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The calendar parts of this moment.
    public var parts: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        let seconds = Int(secondsSince1970 - days * 86_400)
        let (year, month, day) = Self.civil(daysSince1970: days)
        return (year, month, day, seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// `YYYYMMDD`, the offer's `date` attribute.
    public var dateText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(15)
        appendDateText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYYMMDDThhmmss`, the offer's `timestamp` attribute.
    public var stamp: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(15)
        appendStamp(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``dateText`` to `bytes`.
    func appendDateText(to bytes: inout [UInt8]) {
        let p = parts
        Self.appendDate(p, to: &bytes)
    }

    /// Appends ``stamp`` to `bytes`.
    func appendStamp(to bytes: inout [UInt8]) {
        let p = parts
        Self.appendDate(p, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        ASCIIText.appendDecimal(Int64(p.hour), width: 2, to: &bytes)
        ASCIIText.appendDecimal(Int64(p.minute), width: 2, to: &bytes)
        ASCIIText.appendDecimal(Int64(p.second), width: 2, to: &bytes)
    }

    private static func appendDate(_ p: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int), to bytes: inout [UInt8]) {
        ASCIIText.appendDecimal(Int64(p.year), width: 4, to: &bytes)
        ASCIIText.appendDecimal(Int64(p.month), width: 2, to: &bytes)
        ASCIIText.appendDecimal(Int64(p.day), width: 2, to: &bytes)
    }

    /// The start of this moment's UTC day.
    public var startOfDay: UTCTime {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        return UTCTime(secondsSince1970: days * 86_400)
    }

    /// This moment moved by `seconds`.
    public func adding(seconds: Int64) -> UTCTime {
        UTCTime(secondsSince1970: secondsSince1970 + seconds)
    }

    public var description: String { stamp }

    public static func < (lhs: UTCTime, rhs: UTCTime) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a civil date (March-based era arithmetic).
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count from 1970-01-01.
    private static func civil(daysSince1970: Int64) -> (Int, Int, Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
