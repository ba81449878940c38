import GRDB
import Microbilling
import MicrobillingStorage
import Testing

/// A ledger written by the first schema keeps its entries and its
/// exactly-once guarantee when this version opens it.
@Suite struct SQLiteLedgerMigrationTests {
    /// The first schema's ledger table and indexes, as that version made them.
    static let firstSchema = """
        CREATE TABLE entry (
            id INTEGER PRIMARY KEY, payer TEXT NOT NULL, fund TEXT NOT NULL, merchant_id TEXT NOT NULL,
            currency TEXT NOT NULL, minor_digits INTEGER NOT NULL, amount_minor INTEGER NOT NULL,
            offer_time INTEGER NOT NULL, nonce TEXT NOT NULL, microcheck_id TEXT NOT NULL,
            credential_serial TEXT NOT NULL, posted_at INTEGER NOT NULL, seal_id TEXT NOT NULL);
        CREATE UNIQUE INDEX entry_once ON entry(payer, merchant_id, nonce);
        CREATE UNIQUE INDEX entry_microcheck ON entry(microcheck_id);
        CREATE INDEX entry_payer ON entry(payer, offer_time);
        CREATE INDEX entry_merchant ON entry(merchant_id, offer_time);
        CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY, microcheck_id TEXT NOT NULL, merchant_id TEXT NOT NULL, seal_id TEXT NOT NULL,
            reason TEXT NOT NULL, detail TEXT NOT NULL, received_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX quarantine_once ON quarantine(microcheck_id, seal_id);
        CREATE INDEX quarantine_merchant ON quarantine(merchant_id, id);
        CREATE TABLE flag (id INTEGER PRIMARY KEY, subject TEXT NOT NULL, rule TEXT NOT NULL,
                           detail TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX flag_subject ON flag(subject);
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1');
        INSERT INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time, nonce, microcheck_id,
                           credential_serial, posted_at, seal_id)
        VALUES ('payer-1', 'deli', 'M-1', 'USD', 2, 55, 972302400, 'n-1', 'check-1', 'deli-151', 972388800, 'seal-1');
        """

    @Test func aFirstSchemaLedgerKeepsItsEntriesAndRefusesTheirSecondPosting() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("ledger.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: Self.firstSchema) }

        let store = try SQLiteClearingStore(path: path)
        let posted = LedgerEntry(payer: "payer-1", fund: "deli", merchantID: "M-1", amount: try Money(minorUnits: 55, currency: .usd),
                                 time: UTCTime(secondsSince1970: 972_302_400), nonce: "n-1", microcheckID: "check-1",
                                 credentialSerial: "deli-151", postedAt: UTCTime(secondsSince1970: 972_388_800))
        #expect(try store.entries(payer: "payer-1") == [posted])
        #expect(try store.post([posted], sealID: "seal-2") == [.duplicate(sameSeal: false)])
        var next = posted
        next.nonce = "n-2"
        next.microcheckID = "check-2"
        #expect(try store.post([next], sealID: "seal-2") == [.posted])
        #expect(try store.visits(in: [LedgerSlice(payer: "payer-1", merchantID: nil, offerTimes: posted.time...posted.time)])
                == [posted.visit, next.visit])

        let indexes = try DatabaseQueue(path: path).read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entry'")
        }
        #expect(indexes == ["entry_once", "entry_visits", "entry_merchant"])
    }
}
