import Foundation
import MicrocheckAgents
import MicrocheckWire
import Testing

@Suite struct MerchantCardCacheTests {
    @Test func cardsOutliveTheProcessAndJunkIsIgnored() throws {
        let folder = NSTemporaryDirectory() + "cards-\(UUID().uuidString)"
        let card = MerchantCard(merchantID: "M-1", name: "KeyNote Soda Machine", appDomain: "vending", currencyCode: "USD",
                                minorDigits: 2, principal: "ed25519-base64:AAAA")
        let id = try WireIdentity.of(bytes: card.encoded)
        try MerchantCardCache(folder: folder).insert(card, id: id)
        try Data("not a card".utf8).write(to: URL(fileURLWithPath: folder + "/0102030405060708.card"))
        let reloaded = try MerchantCardCache(folder: folder)
        #expect(reloaded.card(id) == card)
        #expect(reloaded.card([1, 2, 3, 4, 5, 6, 7, 8]) == nil)
        // Bounded: a cache of one keeps only the newest card.
        let small = try MerchantCardCache(folder: folder, capacity: 1)
        var other = card
        other.merchantID = "M-2"
        let otherID = try WireIdentity.of(bytes: other.encoded)
        small.insert(other, id: otherID)
        #expect(small.card(otherID) == other && small.card(id) == nil)
    }
}
