import Foundation
import Microbilling
import MicrocheckAgents
import MicrocheckCompression
import MicrocheckCrypto
import MicrocheckWire
import Testing

/// The upload format (protocol-spec/deposit-batch.md): round trip, size, and bad input.
@Suite struct DepositUploadTests {
    static let world: ClearingWorld? = try? ClearingWorld(count: 96, payers: 6, merchants: 2, batchSize: 16)

    func upload(_ world: ClearingWorld, omitting omitted: Set<String> = []) -> DepositUpload {
        DepositUpload(batchID: Array(repeating: 7, count: 16), groups: world.backlog.deposits.map { deposit in
            DepositUpload.Group(seal: deposit.seal, purchases: deposit.purchases.filter { !omitted.contains($0.microcheckID) })
        }.filter { !$0.purchases.isEmpty })
    }

    @Test func anUploadReadsBackToTheSamePurchasesAndSeals() throws {
        let world = try #require(Self.world)
        let original = upload(world)
        let decoded = try DepositUpload(decoding: try original.encoded())
        #expect(decoded == original)
        #expect(decoded.groups.allSatisfy { group in
            world.backlog.merchants.contains { $0.merchantID == group.seal.merchantID && group.seal.verify(by: $0.key) }
        })
    }

    @Test func retiredItemsTravelAsTheirIdsAndTheSealStillVerifies() throws {
        let world = try #require(Self.world)
        let first = try #require(world.backlog.deposits.first)
        let retired = Set(first.purchases.prefix(5).map(\.microcheckID))
        let decoded = try DepositUpload(decoding: try upload(world, omitting: retired).encoded())
        let group = try #require(decoded.groups.first)
        #expect(group.purchases.count == first.purchases.count - 5)
        #expect(group.seal.microcheckIDs == first.seal.microcheckIDs)
        let merchant = try #require(world.backlog.merchants.first { $0.merchantID == first.merchantID })
        #expect(group.seal.verify(by: merchant.key))
    }

    /// Bytes per microcheck in a compressed upload, not counting the payer
    /// keys and credentials sent once per payer: within 1.3 times its
    /// signature, nonce and other unpredictable fields (the time of day,
    /// counted as 4 bytes).
    @Test(arguments: [1024, 2048]) func eachMicrocheckCostsLittleMoreThanItsSignatureAndNonce(bits: Int) throws {
        let world = try ClearingWorld(count: bits == 2048 ? 200 : 400, payers: 8, merchants: 1, batchSize: 200, keyBits: bits)
        let purchases = world.backlog.deposits.flatMap(\.purchases)
        // The same payers' keys and credentials in both: one purchase per payer, then all of them.
        var firstPerPayer: [String: AcceptedPurchase] = [:]
        for purchase in purchases where firstPerPayer[purchase.payer.fingerprint] == nil { firstPerPayer[purchase.payer.fingerprint] = purchase }
        func size(_ chosen: [AcceptedPurchase]) throws -> Int {
            let ids = chosen.map(\.microcheckID)
            let key = try #require(world.backlog.merchantKeys.first)
            let seal = try DepositSeal.seal(merchantID: chosen[0].offer.merchantID, microcheckIDs: ids, with: key)
            return try DepositUpload(batchID: Array(repeating: 1, count: 16), groups: [.init(seal: seal, purchases: chosen)]).encoded().count
        }
        let base = Array(firstPerPayer.values)
        let rest = purchases.filter { purchase in !base.contains { $0.microcheckID == purchase.microcheckID } }
        let perMicrocheck = Double(try size(base + rest) - size(base)) / Double(rest.count)
        let signature = try SignatureTransport.signatureBytes(of: purchases[0].microcheck).count
        let unpredictable = Double(signature + 16 + 4)
        print("upload, RSA-\(bits) payers: \(String(format: "%.1f", perMicrocheck)) bytes per microcheck; signature \(signature) + nonce 16 + time 4; ratio \(String(format: "%.3f", perMicrocheck / unpredictable))")
        #expect(perMicrocheck <= 1.3 * unpredictable)
    }

    /// Clearing trusts the text the upload reader wrote for an offer only as
    /// long as nobody changed the purchase: a changed offer, text or id is
    /// checked again, and refused, as for purchases from anywhere else.
    @Test func aPurchaseChangedAfterReadingIsBoundToItsOfferAgain() throws {
        let world = try ClearingWorld(count: 24, payers: 2, merchants: 1, batchSize: 16)
        let decoded = try DepositUpload(decoding: try upload(world).encoded())
        let group = try #require(decoded.groups.max { $0.purchases.count < $1.purchases.count })
        try #require(group.purchases.count >= 6)
        var purchases = group.purchases
        purchases[0].offer.nonce = String(repeating: "0", count: 32)
        purchases[1].offer.price = try Money(minorUnits: purchases[1].offer.price.minorUnits + 1, currency: purchases[1].offer.price.currency)
        purchases[2].microcheck = purchases[5].microcheck
        purchases[3].microcheckID = purchases[4].microcheckID
        let receipts = try world.house().clear(batch: purchases, depositedBy: group.seal.merchantID, sealID: try group.seal.id,
                                                at: world.backlog.receivedAt)
        for index in 0..<3 {
            #expect(receipts[index].outcome == .rejected(.malformed, detail: "the microcheck is not the one for its offer"), "\(index)")
        }
        guard case .rejected(.malformed, let detail) = receipts[3].outcome else {
            Issue.record("a purchase deposited under another's id was not refused: \(receipts[3].outcome)")
            return
        }
        #expect(detail.hasPrefix("deposited as "))
        #expect(receipts[4...].allSatisfy { if case .accepted = $0.outcome { true } else { false } })
    }

    @Test func truncatedCorruptAndAlienUploadsAreRefusedWithWhere() throws {
        let world = try #require(Self.world)
        let bytes = try upload(world).encoded()
        #expect(throws: DepositUploadError.self) { try DepositUpload(decoding: Array(bytes.prefix(bytes.count / 2))) }
        do {
            _ = try DepositUpload(decoding: Array("MCDX".utf8) + bytes.dropFirst(4))
            Issue.record("an upload with another magic was read")
        } catch {
            #expect(error.code == .malformed && error.offset == 0 && !error.inBody)
        }
        do {
            _ = try DepositUpload(decoding: Array(bytes.prefix(4)) + [2] + bytes.dropFirst(5))
            Issue.record("a version 2 upload was read")
        } catch {
            #expect(error.code == .unsupportedVersion && error.offset == 4)
        }
        // A flipped byte either makes the upload unreadable or breaks a seal: it never passes as the merchants' deposits.
        var flipped = bytes
        flipped[bytes.count - 40] ^= 0xFF
        if let altered = try? DepositUpload(decoding: flipped) {
            #expect(!altered.groups.allSatisfy { group in
                world.backlog.merchants.contains { $0.merchantID == group.seal.merchantID && group.seal.verify(by: $0.key) }
            })
        }
        #expect(throws: DepositUploadError.self) { try DepositUpload(decoding: Array(repeating: 0, count: DepositUpload.maximumSize + 1)) }
    }

    @Test func aBodyWithTrailingBytesNamesItsOffset() throws {
        let world = try #require(Self.world)
        let bytes = try upload(world).encoded()
        var envelope = WireReader(Array(bytes.dropFirst(5)))
        let body = try AssertionCompressor.dictionary1.expand(try envelope.blob(maximum: bytes.count), maximum: DepositUpload.maximumExpanded)
        var longer = WireWriter()
        longer.bytes(Array(bytes.prefix(5)))
        longer.blob(try AssertionCompressor.dictionary1.compress(body + [0]))
        do {
            _ = try DepositUpload(decoding: longer.bytes)
            Issue.record("an upload with a trailing byte was read")
        } catch {
            #expect(error.inBody && error.offset == body.count)
        }
    }
}
