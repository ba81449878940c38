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

    func rawInsert(_ entry: LedgerEntry) async throws {
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time,
                                   nonce, microcheck_id, credential_serial, posted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [entry.payer, entry.fund, entry.merchantID, entry.amount.currency.code,
                                 entry.amount.currency.minorDigits, entry.amount.minorUnits, entry.time.secondsSince1970,
                                 entry.nonce, entry.microcheckID, entry.credentialSerial, entry.postedAt.secondsSince1970])
        }
    }

    func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            && (error.message ?? "").contains("entry.payer, entry.merchant_id, entry.nonce")
    }

    func expectDurableCommits() throws {
        #expect(try sqlite.synchronousMode() == 2, "PRAGMA synchronous should be FULL (2)")
    }
}
