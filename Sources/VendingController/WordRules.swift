/// The shapes of the protocol's words: currencies, categories, names and display texts.
enum WordRules {
    /// The longest category word.
    static let maximumCategoryLength = 16
    /// The most digits of a price in minor units.
    static let maximumPriceDigits = 9
    /// The most digits of a stock count.
    static let maximumCountDigits = 6
    /// The most digits of a selection number (the controller itself answers `bad-selection`).
    static let maximumSelectionDigits = 3
    /// The columns of one VFD line.
    static let displayColumns = 20

    /// Three upper-case ASCII letters.
    static func isCurrency(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    /// 1 to 16 of `[a-z0-9-]`.
    static func isCategory(_ text: String) -> Bool {
        (1...maximumCategoryLength).contains(text.utf8.count) && text.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-")
        }
    }

    /// Display text: at most two lines of at most 20 printable ASCII columns, split at one `|`.
    static func isDisplayText(_ text: String) -> Bool {
        let lines = text.split(separator: "|", omittingEmptySubsequences: false)
        return (1...2).contains(lines.count) && lines.allSatisfy { $0.utf8.count <= displayColumns }
    }
}
