import VendingController

/// What a vending machine sells: for each selection 1 to 8, the item and its starting stock.
///
/// A catalog file has one line per selection, `#` comments and blank lines aside:
///
///     <n> <price> <currency> <category> <stock> <name>
///     1 83 USD drink 5 Pocari Sweat
///
/// `<price>` is in minor units, `<name>` is the rest of the line (printable ASCII,
/// at most 64 characters). Every selection appears exactly once.
public struct VendingCatalog: Sendable, Hashable {
    /// One selection's item and starting stock.
    public struct Entry: Sendable, Hashable {
        /// The item (its `selection` is the selection number).
        public var item: ItemInfo
        /// How many items the selection starts with.
        public var stock: Int

        /// Creates an entry.
        public init(item: ItemInfo, stock: Int) {
            self.item = item
            self.stock = stock
        }
    }

    /// The longest catalog file read, in bytes.
    public static let maximumFileSize = 16 * 1024
    /// The longest item name.
    public static let maximumNameLength = 64
    /// The most items one selection holds.
    public static let maximumStock = 999

    /// The entries, in selection order (index 0 is selection 1).
    public let entries: [Entry]

    /// Creates a catalog; `entries` must hold selections 1 to 8 in order.
    public init(entries: [Entry]) throws(CatalogError) {
        guard entries.map(\.item.selection) == Array(VendingProtocol.selections) else {
            throw CatalogError(line: 0, column: 0, "a catalog has selections 1 to \(VendingProtocol.selectionCount) in order")
        }
        self.entries = entries
    }

    private init(checked entries: [Entry]) {
        self.entries = entries
    }

    /// The soda machine of the paper's demonstration: eight drinks, five of each.
    public static let sodaMachine = VendingCatalog(checked: [
        (83, "Pocari Sweat"), (55, "CelRay Soda"), (65, "Coca-Cola"), (65, "Diet Coke"),
        (60, "Dr Pepper"), (60, "Sprite"), (95, "Snapple Iced Tea"), (50, "Poland Spring Water"),
    ].enumerated().map { index, product in
        Entry(item: ItemInfo(selection: index + 1, price: Price(minorUnits: product.0, currency: "USD"),
                             category: "drink", name: product.1),
              stock: 5)
    })

    /// Parses a catalog file's bytes.
    ///
    /// - Throws: ``CatalogError`` with the line and column of the first problem.
    public static func parse(_ bytes: [UInt8]) throws(CatalogError) -> VendingCatalog {
        guard bytes.count <= maximumFileSize else {
            throw CatalogError(line: 0, column: 0, "the file has \(bytes.count) bytes, at most \(maximumFileSize) are read")
        }
        var found: [Int: Entry] = [:]
        for (index, lineBytes) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let text = lineBytes.last == UInt8(ascii: "\r") ? lineBytes.dropLast() : lineBytes[...]
            if text.isEmpty || text.first == UInt8(ascii: "#") { continue }
            let entry = try parseEntry(Array(text), line: lineNumber)
            guard found[entry.item.selection] == nil else {
                throw CatalogError(line: lineNumber, column: 1, "selection \(entry.item.selection) appears twice")
            }
            found[entry.item.selection] = entry
        }
        var entries: [Entry] = []
        for selection in VendingProtocol.selections {
            guard let entry = found[selection] else {
                throw CatalogError(line: 0, column: 0, "selection \(selection) is missing")
            }
            entries.append(entry)
        }
        return VendingCatalog(checked: entries)
    }

    private static func parseEntry(_ bytes: [UInt8], line: Int) throws(CatalogError) -> Entry {
        if let index = bytes.firstIndex(where: { !(0x20...0x7E).contains($0) }) {
            throw CatalogError(line: line, column: index + 1, "not printable ASCII")
        }
        // Five words, then the name: the rest of the line.
        var fields: [(text: String, column: Int)] = []
        var start = 0
        while fields.count < 5 {
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: " ")) else {
                throw CatalogError(line: line, column: bytes.count + 1,
                                   "expected <n> <price> <currency> <category> <stock> <name>")
            }
            fields.append((String(decoding: bytes[start..<end], as: UTF8.self), start + 1))
            start = end + 1
        }
        let name = String(decoding: bytes[start...], as: UTF8.self)
        func number(_ field: (text: String, column: Int), _ what: String, in range: ClosedRange<Int>) throws(CatalogError) -> Int {
            guard field.text.utf8.count <= 9, field.text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                  let value = Int(field.text), range.contains(value)
            else {
                throw CatalogError(line: line, column: field.column, "\(what) must be a number in \(range), not \"\(field.text)\"")
            }
            return value
        }
        let selection = try number(fields[0], "the selection", in: VendingProtocol.selections)
        let price = try number(fields[1], "the price", in: 0...999_999_999)
        guard Price.isCurrencyCode(fields[2].text) else {
            throw CatalogError(line: line, column: fields[2].column, "the currency is three upper-case letters, not \"\(fields[2].text)\"")
        }
        guard ItemInfo.isCategory(fields[3].text) else {
            throw CatalogError(line: line, column: fields[3].column, "the category is 1 to 16 of [a-z0-9-], not \"\(fields[3].text)\"")
        }
        let stock = try number(fields[4], "the stock", in: 0...maximumStock)
        guard (1...maximumNameLength).contains(name.utf8.count) else {
            throw CatalogError(line: line, column: start + 1, "the name is 1 to \(maximumNameLength) characters")
        }
        let item = ItemInfo(selection: selection, price: Price(minorUnits: price, currency: fields[2].text),
                            category: fields[3].text, name: name)
        return Entry(item: item, stock: stock)
    }
}

/// A catalog file that could not be read: what and where (line and column count
/// from 1; 0 when the problem is the file as a whole).
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line, from 1; 0 for the whole file.
    public var line: Int
    /// The column in bytes, from 1; 0 for the whole line or file.
    public var column: Int
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(line: Int, column: Int, _ reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        line == 0 ? "catalog: \(reason)" : "catalog line \(line), column \(column): \(reason)"
    }
}
