import GRDB
import Microbilling
import MicrobillingStorage
import Testing

/// The SQLite ledger in a file of its own.
struct SQLiteLedger: LedgerUnderTest {
    let folder: TemporaryFolder
    let path: String
    let sqlite: SQLiteClearingStore
    var store: any ClearingStore { sqlite }

    init() throws {
        folder = try TemporaryFolder()
        path = folder.file("ledger.sqlite")
        sqlite = try SQLiteClearingStore(path: path)
    }

    func rawInsert(_ entries: [LedgerEntry], sealID: String) async throws {
        let queue = try DatabaseQueue(path: path)
        let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: entries.count).joined(separator: ", ")
        var values = StatementArguments()
        for entry in entries {
            values += [entry.payer, entry.fund, entry.merchantID, entry.amount.currency.code, entry.amount.currency.minorDigits,
                          entry.amount.minorUnits, entry.time.secondsSince1970, entry.nonce, entry.microcheckID,
                          entry.credentialSerial, entry.postedAt.secondsSince1970, sealID]
        }
        let arguments = values
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time,
                                   nonce, microcheck_id, credential_serial, posted_at, seal_id)
                VALUES \(rows)
                """, arguments: arguments)
        }
    }

    func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError, error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE else { return false }
        let message = error.message ?? ""
        return message.contains("entry.payer, entry.merchant_id, entry.nonce")
    }

    func expectDurableCommits() throws {
        #expect(try sqlite.synchronousMode() == 2, "PRAGMA synchronous should be FULL (2)")
    }
}
