import HardwareSim
import Testing

/// Catalog files: the default machine, parsing, and errors with line and column.
@Suite struct VendingCatalogTests {
    static func catalogText(replacingLine number: Int? = nil, with replacement: String = "") -> String {
        (1...8).map { selection in
            selection == number ? replacement : "\(selection) \(50 + selection) EUR snack 3 Item number \(selection)"
        }.joined(separator: "\n") + "\n"
    }

    @Test func theDefaultIsTheSodaMachine() {
        let entries = VendingCatalog.sodaMachine.entries
        #expect(entries.count == 8)
        #expect(entries[0].item.name == "Pocari Sweat")
        #expect(entries[0].item.price.minorUnits == 83)
        #expect(entries[1].item.name == "CelRay Soda")
        #expect(entries.allSatisfy { $0.stock == 5 && $0.item.price.currency == "USD" })
    }

    @Test func parsesAFileWithCommentsAndCRLF() throws {
        let text = "# a snack machine\r\n\r\n" + Self.catalogText()
        let catalog = try VendingCatalog.parse(Array(text.utf8))
        #expect(catalog.entries[7].item.name == "Item number 8")
        #expect(catalog.entries[7].item.price.minorUnits == 58)
        #expect(catalog.entries[7].item.category == "snack")
        #expect(catalog.entries[7].stock == 3)
    }

    @Test(arguments: [
        ("3 53 eur snack 3 Item", 3, 6),
        ("3 5x EUR snack 3 Item", 3, 3),
        ("3 53 EUR Snack 3 Item", 3, 10),
        ("3 53 EUR snack 3", 3, 17),
        ("9 53 EUR snack 3 Item", 3, 1),
        ("3 53 EUR snack 1000 Item", 3, 16),
    ])
    func reportsTheLineAndColumnOfAMistake(line: String, lineNumber: Int, column: Int) {
        let error = #expect(throws: CatalogError.self) {
            try VendingCatalog.parse(Array(Self.catalogText(replacingLine: 3, with: line).utf8))
        }
        #expect(error?.line == lineNumber)
        #expect(error?.column == column, "\(String(describing: error))")
    }

    @Test func requiresEverySelectionOnce() {
        let duplicate = Self.catalogText(replacingLine: 4, with: "3 10 EUR snack 1 Again")
        #expect(throws: CatalogError.self) { try VendingCatalog.parse(Array(duplicate.utf8)) }
        let missing = Self.catalogText(replacingLine: 4, with: "# gone")
        #expect(throws: CatalogError.self) { try VendingCatalog.parse(Array(missing.utf8)) }
        let huge = [UInt8](repeating: UInt8(ascii: "#"), count: VendingCatalog.maximumFileSize + 1)
        #expect(throws: CatalogError.self) { try VendingCatalog.parse(huge) }
    }
}
