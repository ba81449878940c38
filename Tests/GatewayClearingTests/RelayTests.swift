import ClearingAPI
import ClearingService
import Foundation
import GatewayService
import Logging
import Microbilling
import MicrobillingStorage
import MicrocheckAgents
import MicrocheckCrypto
import MicrocheckHTTP
import Testing

/// A gateway's spool relayed to clearing over HTTP on loopback, in this process.
@Suite struct RelayTests {
    static let logger = Logger(label: "test.gateway")

    @Test func theSpoolDrainsToClearingAndEveryMicrocheckIsPostedOnce() async throws {
        let world = try ClearingWorld(count: 120, batchSize: 16)
        let spool = try world.fullSpool()
        let house = try world.house()
        try await withClearing(world.service(house)) { port in
            let uploader = DepositUploader(spool: spool, client: try clearingClient(port: port), batchSize: 50, logger: Self.logger)
            let summary = try await DepositRelay(uploader: uploader, logger: Self.logger).drain(waitForClearing: false)
            #expect(summary.retired == 120 && summary.rejected == 0 && summary.failures == 0)
        }
        #expect(try spool.depth() == 0)
        #expect(try house.store.entryCount() == 120)
        // The same deposits uploaded again (a gateway that lost its retirements): all duplicates, nothing posted twice, no flag.
        let again = try world.fullSpool("again.sqlite")
        let digest = try house.store.ledgerDigest()
        try await withClearing(world.service(house)) { port in
            let uploader = DepositUploader(spool: again, client: try clearingClient(port: port), batchSize: 200, logger: Self.logger)
            let round = try await uploader.uploadRound()
            #expect(round.retired == 120 && round.rejected == 0)
        }
        #expect(try again.depth() == 0)
        #expect(try house.store.ledgerDigest() == digest)
        for merchant in world.backlog.merchants { #expect(try house.store.flags(subject: merchant.merchantID).isEmpty) }
    }

    @Test func refusedGroupsAreQuarantinedAndTheRestOfTheUploadIsCleared() async throws {
        let world = try ClearingWorld(count: 64, merchants: 4, batchSize: 16)
        let deposits = world.backlog.deposits
        #expect(deposits.count >= 4)
        let revoked = deposits[1].merchantID
        let unknown = deposits[2].merchantID
        var merchants = world.backlog.merchants.filter { $0.merchantID != unknown }
        for index in merchants.indices where merchants[index].merchantID == revoked { merchants[index].revoked = true }
        // A forged seal: the ids signed by another merchant's key.
        let forgedDeposit = deposits[3]
        let stranger = try KeyNotePrivateKey.generate(.rsa, bits: 1024)
        let forged = try DepositSeal.seal(merchantID: forgedDeposit.merchantID, microcheckIDs: forgedDeposit.seal.microcheckIDs, with: stranger)
        let spool = try SQLiteGatewaySpool(path: world.folder + "/mixed.sqlite")
        _ = try spool.store(try world.spooled().map { entry in
            var entry = entry
            if entry.seal == forgedDeposit.seal { entry.seal = forged }
            return entry
        })
        let house = try world.house(merchants: merchants)
        let good = deposits.filter { ![revoked, unknown].contains($0.merchantID) && $0.seal != forgedDeposit.seal }.map(\.purchases.count).reduce(0, +)
        try await withClearing(world.service(house)) { port in
            let uploader = DepositUploader(spool: spool, client: try clearingClient(port: port), batchSize: 1000, logger: Self.logger)
            let round = try await uploader.uploadRound()
            #expect(round.retired == 64 && round.rejected == 64 - good)
        }
        #expect(try house.store.entryCount() == good)
        let quarantined = try house.store.quarantined(merchantID: nil, limit: 1000)
        #expect(quarantined.count == 64 - good)
        #expect(Set(quarantined.map(\.reason)) == ["revoked-merchant", "unknown-merchant", "bad-seal"])
        #expect(try spool.depth() == 0)
    }

    @Test func statementsAreReadOnlyByTheirPayerTheirMerchantOrAnOperator() async throws {
        let world = try ClearingWorld(count: 32, payers: 2, merchants: 1, batchSize: 16)
        let house = try world.house()
        let purchases = world.backlog.deposits.flatMap(\.purchases)
        for deposit in world.backlog.deposits {
            _ = try house.clear(batch: deposit.purchases, depositedBy: deposit.merchantID, sealID: try deposit.seal.id, at: world.backlog.receivedAt)
        }
        let token = "operator-token-\(UUID().uuidString)"
        let tokens = try AccessTokens(parsing: "operator \(token)\n")
        let payer = try #require(world.backlog.payerKeys.first)
        let other = try #require(world.backlog.payerKeys.last)
        let merchantKey = try #require(world.backlog.merchantKeys.first)
        let merchantID = try #require(world.backlog.merchants.first).merchantID
        let now = world.backlog.receivedAt
        func signed(_ path: String, _ key: KeyNotePrivateKey, at time: UTCTime = now) throws -> SignedRequest {
            try SignedRequest.sign(method: "GET", path: path, body: [UInt8](), at: time, with: key)
        }
        try await withClearing(world.service(house, tokens: tokens)) { port in
            let client = try clearingClient(port: port)
            let own = "/v1/statements/payers/\(payer.publicKey.fingerprint)"
            let request = try signed(own, payer)
            let statement = try await client.payerStatement(path: .init(payer: payer.publicKey.fingerprint),
                                                            headers: .init(X_hyphen_Microcheck_hyphen_Key: request.key,
                                                                           X_hyphen_Microcheck_hyphen_Date: request.date,
                                                                           X_hyphen_Microcheck_hyphen_Signature: request.signature))
            let entries = try statement.ok.body.json.entries
            #expect(entries.count == purchases.filter { $0.payer == payer.publicKey }.count)
            #expect(entries.allSatisfy { $0.payer == payer.publicKey.fingerprint })
            // Another payer's signature on this payer's statement: forbidden.
            let foreign = try signed(own, other)
            let refused = try await client.payerStatement(path: .init(payer: payer.publicKey.fingerprint),
                                                          headers: .init(X_hyphen_Microcheck_hyphen_Key: foreign.key,
                                                                         X_hyphen_Microcheck_hyphen_Date: foreign.date,
                                                                         X_hyphen_Microcheck_hyphen_Signature: foreign.signature))
            #expect(throws: Never.self) { _ = try refused.forbidden }
            // A stale signature, and none at all: unauthenticated.
            let stale = try signed(own, payer, at: now.adding(seconds: -3600))
            let old = try await client.payerStatement(path: .init(payer: payer.publicKey.fingerprint),
                                                      headers: .init(X_hyphen_Microcheck_hyphen_Key: stale.key,
                                                                     X_hyphen_Microcheck_hyphen_Date: stale.date,
                                                                     X_hyphen_Microcheck_hyphen_Signature: stale.signature))
            #expect(try old.unauthorized.body.json.code == "stale-request")
            let anonymous = try await client.payerStatement(path: .init(payer: payer.publicKey.fingerprint))
            #expect(try anonymous.unauthorized.body.json.code == "unauthenticated")
            // The merchant reads its own statement; the operator reads everything.
            let merchantPath = "/v1/statements/merchants/\(merchantID)"
            let byMerchant = try signed(merchantPath, merchantKey)
            let merchantStatement = try await client.merchantStatement(path: .init(merchant: merchantID),
                                                                       headers: .init(X_hyphen_Microcheck_hyphen_Key: byMerchant.key,
                                                                                      X_hyphen_Microcheck_hyphen_Date: byMerchant.date,
                                                                                      X_hyphen_Microcheck_hyphen_Signature: byMerchant.signature))
            #expect(try merchantStatement.ok.body.json.entries.count == purchases.count)
            let total = purchases.map(\.offer.price.minorUnits).reduce(0, +)
            #expect(try merchantStatement.ok.body.json.totals.first?.minorUnits == total)
            let operatorClient = try clearingClient(port: port, token: token)
            #expect(try await operatorClient.payerStatement(path: .init(payer: other.publicKey.fingerprint)).ok.body.json.entries.count > 0)
            #expect(try await operatorClient.payerStanding(path: .init(payer: other.publicKey.fingerprint)).ok.body.json.standing == .good)
            let wrongToken = try await clearingClient(port: port, token: "not-the-operator-token").quarantine()
            #expect(throws: Never.self) { _ = try wrongToken.unauthorized }
        }
    }
}
