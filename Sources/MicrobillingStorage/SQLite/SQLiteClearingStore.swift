import GRDB
import Microbilling

/// Clearing's ledger and flags in SQLite. The unique index on (payer,
/// merchant, nonce) makes posting and the double-deposit check one atomic step.
public final class SQLiteClearingStore: ClearingStore {
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the ledger at `path`.
    public init(path: String) throws(MicrobillingError) {
        queue = try SQLiteDatabase.open(path: path) { migrator in
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE entry (
                        id INTEGER PRIMARY KEY, payer TEXT NOT NULL, fund TEXT NOT NULL, merchant_id TEXT NOT NULL,
                        currency TEXT NOT NULL, minor_digits INTEGER NOT NULL, amount_minor INTEGER NOT NULL,
                        offer_time INTEGER NOT NULL, nonce TEXT NOT NULL, microcheck_id TEXT NOT NULL,
                        credential_serial TEXT NOT NULL, posted_at INTEGER NOT NULL);
                    CREATE UNIQUE INDEX entry_once ON entry(payer, merchant_id, nonce);
                    CREATE INDEX entry_merchant ON entry(merchant_id, offer_time);
                    CREATE TABLE flag (id INTEGER PRIMARY KEY, subject TEXT NOT NULL, rule TEXT NOT NULL,
                                       detail TEXT NOT NULL, at INTEGER NOT NULL);
                    CREATE INDEX flag_subject ON flag(subject);
                    """)
            }
        }
    }

    public func post(_ entry: LedgerEntry) throws(MicrobillingError) -> Bool {
        try SQLiteDatabase.run("post an entry") {
            try queue.write { db in
                try db.execute(sql: """
                    INSERT OR IGNORE INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time,
                                                 nonce, microcheck_id, credential_serial, posted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [entry.payer, entry.fund, entry.merchantID, entry.amount.currency.code,
                                     entry.amount.currency.minorDigits, entry.amount.minorUnits, entry.time.secondsSince1970,
                                     entry.nonce, entry.microcheckID, entry.credentialSerial, entry.postedAt.secondsSince1970])
                return db.changesCount == 1
            }
        }
    }

    public func entries(payer: String) throws(MicrobillingError) -> [LedgerEntry] {
        try fetch("SELECT * FROM entry WHERE payer = ? ORDER BY offer_time, id", payer)
    }

    public func entries(merchantID: String) throws(MicrobillingError) -> [LedgerEntry] {
        try fetch("SELECT * FROM entry WHERE merchant_id = ? ORDER BY offer_time, id", merchantID)
    }

    public func addFlag(_ flag: FraudFlag) throws(MicrobillingError) {
        try SQLiteDatabase.run("record a flag") {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO flag (subject, rule, detail, at) VALUES (?, ?, ?, ?)",
                               arguments: [flag.subject, flag.rule.rawValue, flag.detail, flag.at.secondsSince1970])
            }
        }
    }

    public func flags(subject: String) throws(MicrobillingError) -> [FraudFlag] {
        try SQLiteDatabase.run("read flags") {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM flag WHERE subject = ? ORDER BY id", arguments: [subject]).map { row in
                    guard let rule = FraudFlag.Rule(rawValue: row["rule"]) else {
                        throw MicrobillingError(.storage, "flag \(row["id"] as Int64): unknown rule")
                    }
                    return FraudFlag(subject: row["subject"], rule: rule, detail: row["detail"],
                                     at: UTCTime(secondsSince1970: row["at"]))
                }
            }
        }
    }

    /// The store's own connection's `PRAGMA synchronous`: 2 (FULL) means a
    /// posted entry is on disk when `post` returns, even across a power cut.
    public func synchronousMode() throws(MicrobillingError) -> Int {
        try SQLiteDatabase.run("read PRAGMA synchronous") {
            guard let mode = try queue.read({ db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }) else {
                throw MicrobillingError(.storage, "PRAGMA synchronous returned no row")
            }
            return mode
        }
    }

    private func fetch(_ sql: String, _ key: String) throws(MicrobillingError) -> [LedgerEntry] {
        try SQLiteDatabase.run("read entries") {
            try queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: [key]).map { row in
                    let currency = try Currency(code: row["currency"], minorDigits: row["minor_digits"])
                    return LedgerEntry(payer: row["payer"], fund: row["fund"], merchantID: row["merchant_id"],
                                       amount: try Money(minorUnits: row["amount_minor"], currency: currency),
                                       time: UTCTime(secondsSince1970: row["offer_time"]), nonce: row["nonce"],
                                       microcheckID: row["microcheck_id"], credentialSerial: row["credential_serial"],
                                       postedAt: UTCTime(secondsSince1970: row["posted_at"]))
                }
            }
        }
    }
}
