import GRDB
import Microbilling
import MicrobillingPostgres
import MicrobillingStorage
import PostgresNIO
import Testing

/// A ledger written by the first schema keeps its entries and its
/// exactly-once guarantee when this version opens it, and loses the
/// constraint and index that this version no longer keeps up.
@Suite struct LedgerMigrationTests {
    /// The first SQLite schema's tables and indexes, as that version made them, with one entry.
    static let firstSQLiteSchema = """
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

    @Test func aFirstSchemaSQLiteLedgerKeepsItsEntriesAndRefusesTheirSecondPosting() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("ledger.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: Self.firstSQLiteSchema) }

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

    /// The first PostgreSQL schema's ledger table, as that version made it.
    static let firstPostgresSchema = [
        """
        CREATE TABLE entry (
            id BIGSERIAL PRIMARY KEY, payer TEXT NOT NULL, fund TEXT NOT NULL, merchant_id TEXT NOT NULL,
            currency TEXT NOT NULL, minor_digits BIGINT NOT NULL, amount_minor BIGINT NOT NULL,
            offer_time BIGINT NOT NULL, nonce TEXT NOT NULL, microcheck_id TEXT NOT NULL,
            credential_serial TEXT NOT NULL, posted_at BIGINT NOT NULL, seal_id TEXT NOT NULL,
            CONSTRAINT entry_once UNIQUE (payer, merchant_id, nonce),
            CONSTRAINT entry_microcheck UNIQUE (microcheck_id))
        """,
        "CREATE INDEX entry_payer ON entry (payer, offer_time)",
        "CREATE INDEX entry_merchant ON entry (merchant_id, offer_time)",
    ]

    @Test func aFirstSchemaPostgresLedgerLosesTheMicrocheckConstraintAndKeepsThePostingKeys() async throws {
        let configuration = try await PostgresServer.freshDatabase()
        let logger = Logger(label: "microcheck.tests.first-schema")
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: configuration.host, port: configuration.port, username: configuration.user,
                                 password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: logger)
        do {
            for statement in Self.firstPostgresSchema {
                _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
            }
        } catch {
            try await connection.close()
            throw error
        }

        let ledger = try PostgresLedger(configuration: configuration)
        let entry = LedgerEntry(payer: "payer-1", fund: "deli", merchantID: "M-1", amount: try Money(minorUnits: 55, currency: .usd),
                                time: UTCTime(secondsSince1970: 972_302_400), nonce: "n-1", microcheckID: "check-1",
                                credentialSerial: "deli-151", postedAt: UTCTime(secondsSince1970: 972_388_800))
        #expect(try ledger.store.post([entry], sealID: "seal-1") == [.posted])
        var sameKey = entry
        sameKey.microcheckID = "check-1-rewritten"
        let refused = await #expect(throws: (any Error).self) { try await ledger.rawInsert([sameKey], sealID: "seal-2") }
        #expect(refused.map(ledger.isUniqueViolation) == true, "not a unique violation: \(String(reflecting: refused))")

        var names = Set<String>()
        do {
            for try await name in try await connection.query("""
                SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'entry'
                """, logger: logger).decode(String.self) {
                names.insert(name)
            }
        } catch {
            try await connection.close()
            throw error
        }
        try await connection.close()
        #expect(names == ["entry_pkey", "entry_once", "entry_merchant", "entry_visits"])
    }
}
