import GRDB
import Microbilling

/// Clearing's ledger, quarantine and flags in SQLite. The unique index on
/// (payer, merchant, nonce), the ``PostingKey``, makes posting and the
/// double-deposit check one atomic step: the database refuses a second
/// entry for a microcheck whatever the application checked. The ledger
/// journals in a write-ahead log, each commit synced (`synchronous = FULL`),
/// with a 256 MiB page cache (posting updates two indexes at random places)
/// and a checkpoint every 64 MiB of log (every few batches, not every one).
///
/// The microcheck id has no index: every text of a microcheck binds its
/// posting key, so that key's constraint covers the id, and each random
/// index costs a posting about one written page per entry.
public final class SQLiteClearingStore: ClearingStore {
    private let pool: DatabasePool

    /// Opens (creating if needed) the ledger at `path`.
    public init(path: String) throws(MicrobillingError) {
        pool = try SQLiteDatabase.openPool(path: path, cacheMebibytes: 256, checkpointPages: 16_384) { migrator in
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
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
                    """)
            }
            // The posting key's constraint covers the microcheck id (see above), and the fraud rules'
            // reads are answered from the payer's index alone once it holds the merchant.
            migrator.registerMigration("v2") { db in
                try db.execute(sql: """
                    DROP INDEX entry_microcheck;
                    DROP INDEX entry_payer;
                    CREATE INDEX entry_visits ON entry(payer, offer_time, merchant_id);
                    """)
            }
        }
    }

    public func post(_ deposits: [SealedPosting]) throws(MicrobillingError) -> [[PostResult]] {
        let count = deposits.reduce(0) { $0 + $1.entries.count }
        guard count > 0 else { return deposits.map { _ in [] } }
        return try SQLiteDatabase.run("post \(count) entries") {
            try pool.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time,
                                       nonce, microcheck_id, credential_serial, posted_at, seal_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """)
                let earlier = try db.cachedStatement(sql: "SELECT seal_id FROM entry WHERE payer = ? AND merchant_id = ? AND nonce = ?")
                return try deposits.map { deposit in
                    try deposit.entries.map { entry -> PostResult in
                        try insert.execute(arguments: [entry.payer, entry.fund, entry.merchantID, entry.amount.currency.code,
                                                       entry.amount.currency.minorDigits, entry.amount.minorUnits, entry.time.secondsSince1970,
                                                       entry.nonce, entry.microcheckID, entry.credentialSerial,
                                                       entry.postedAt.secondsSince1970, deposit.sealID])
                        if db.changesCount == 1 { return .posted }
                        guard let seal = try String.fetchOne(earlier, arguments: [entry.payer, entry.merchantID, entry.nonce]) else {
                            throw MicrobillingError(.storage, "post microcheck \(entry.microcheckID): refused, yet no entry conflicts with it")
                        }
                        return .duplicate(sameSeal: seal == deposit.sealID)
                    }
                }
            }
        }
    }

    public func postings(of keys: [PostingKey]) throws(MicrobillingError) -> [PostingKey: Posting] {
        guard !keys.isEmpty else { return [:] }
        // Each key as the JSON array [payer, merchant, nonce] that the query unpacks once (MATERIALIZED),
        // not once for every row it compares.
        let list = JSONArrayText.rows(keys) { key, json in
            JSONArrayText.appendString(key.payer, to: &json)
            json.append(UInt8(ascii: ","))
            JSONArrayText.appendString(key.merchantID, to: &json)
            json.append(UInt8(ascii: ","))
            JSONArrayText.appendString(key.nonce, to: &json)
        }
        return try SQLiteDatabase.run("read postings") {
            try pool.read { db in
                var postings: [PostingKey: Posting] = [:]
                let rows = try Row.fetchCursor(db, sql: """
                    WITH key(payer, merchant_id, nonce) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
                    SELECT entry.payer, entry.merchant_id, entry.nonce, entry.microcheck_id, entry.seal_id FROM key JOIN entry
                        ON entry.payer = key.payer AND entry.merchant_id = key.merchant_id AND entry.nonce = key.nonce
                    """, arguments: [list])
                while let row = try rows.next() {
                    postings[PostingKey(payer: try row.decode(String.self, atIndex: 0), merchantID: try row.decode(String.self, atIndex: 1),
                                        nonce: try row.decode(String.self, atIndex: 2))]
                        = Posting(microcheckID: try row.decode(String.self, atIndex: 3), sealID: try row.decode(String.self, atIndex: 4))
                }
                return postings
            }
        }
    }

    public func entries(payer: String) throws(MicrobillingError) -> [LedgerEntry] {
        try fetch("SELECT \(Self.entryColumns) FROM entry WHERE payer = ? ORDER BY offer_time, id", [payer])
    }

    public func visits(in slices: [LedgerSlice]) throws(MicrobillingError) -> [PayerVisit] {
        guard !slices.isEmpty else { return [] }
        // Each slice as the JSON array [payer, merchant or "", first, last] that the query unpacks once.
        let list = JSONArrayText.rows(slices) { slice, json in
            JSONArrayText.appendString(slice.payer, to: &json)
            json.append(UInt8(ascii: ","))
            JSONArrayText.appendString(slice.merchantID ?? "", to: &json)
            json.append(UInt8(ascii: ","))
            JSONArrayText.appendInteger(slice.offerTimes.lowerBound.secondsSince1970, to: &json)
            json.append(UInt8(ascii: ","))
            JSONArrayText.appendInteger(slice.offerTimes.upperBound.secondsSince1970, to: &json)
        }
        // Every column read is in entry_visits, which also holds the row id: no entry itself is read.
        // Clearing reads visits just after it posted, so on the writing connection, whose page cache
        // the posting warmed: a reader's cache starts empty after each commit of another connection.
        return try SQLiteDatabase.run("read ledger slices") {
            try pool.writeWithoutTransaction { db in
                var visits: [PayerVisit] = []
                let rows = try Row.fetchCursor(db, sql: """
                    WITH slice(payer, merchant_id, first, last) AS MATERIALIZED (
                        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?))
                    SELECT DISTINCT entry.id, entry.payer, entry.merchant_id, entry.offer_time
                    FROM slice JOIN entry ON entry.payer = slice.payer AND entry.offer_time BETWEEN slice.first AND slice.last
                                         AND (slice.merchant_id = '' OR entry.merchant_id = slice.merchant_id)
                    ORDER BY entry.offer_time, entry.id
                    """, arguments: [list])
                while let row = try rows.next() {
                    visits.append(PayerVisit(payer: try row.decode(String.self, atIndex: 1), merchantID: try row.decode(String.self, atIndex: 2),
                                             time: UTCTime(secondsSince1970: try row.decode(Int64.self, atIndex: 3))))
                }
                return visits
            }
        }
    }

    public func entries(merchantID: String) throws(MicrobillingError) -> [LedgerEntry] {
        try fetch("SELECT \(Self.entryColumns) FROM entry WHERE merchant_id = ? ORDER BY offer_time, id", [merchantID])
    }

    public func entryCount() throws(MicrobillingError) -> Int {
        try SQLiteDatabase.run("count entries") {
            try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM entry") ?? 0 }
        }
    }

    public func ledgerDigest() throws(MicrobillingError) -> String {
        let digest = try SQLiteDatabase.run("digest the ledger") {
            try pool.read { db in
                var digest = LedgerDigest()
                let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.entryColumns), seal_id FROM entry ORDER BY microcheck_id")
                while let row = try rows.next() { digest.add(try Self.entry(row), sealID: try row.decode(String.self, atIndex: Self.entryColumnCount)) }
                return digest
            }
        }
        return try digest.hex()
    }

    public func quarantine(_ items: [QuarantinedDeposit]) throws(MicrobillingError) {
        guard !items.isEmpty else { return }
        try SQLiteDatabase.run("quarantine \(items.count) deposits") {
            try pool.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO quarantine (microcheck_id, merchant_id, seal_id, reason, detail, received_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """)
                for item in items {
                    try insert.execute(arguments: [item.microcheckID, item.merchantID, item.sealID, item.reason, item.detail,
                                                   item.receivedAt.secondsSince1970])
                }
            }
        }
    }

    public func quarantined(merchantID: String?, limit: Int) throws(MicrobillingError) -> [QuarantinedDeposit] {
        try SQLiteDatabase.run("read the quarantine") {
            try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT * FROM quarantine WHERE ?1 IS NULL OR merchant_id = ?1 ORDER BY id LIMIT ?2
                    """, arguments: [merchantID, max(0, limit)]).map { row in
                    QuarantinedDeposit(microcheckID: row["microcheck_id"], merchantID: row["merchant_id"], sealID: row["seal_id"],
                                       reason: row["reason"], detail: row["detail"], receivedAt: UTCTime(secondsSince1970: row["received_at"]))
                }
            }
        }
    }

    public func addFlags(_ flags: [FraudFlag]) throws(MicrobillingError) {
        guard !flags.isEmpty else { return }
        try SQLiteDatabase.run("record \(flags.count) flags") {
            try pool.write { db in
                let insert = try db.cachedStatement(sql: "INSERT INTO flag (subject, rule, detail, at) VALUES (?, ?, ?, ?)")
                for flag in flags {
                    try insert.execute(arguments: [flag.subject, flag.rule.rawValue, flag.detail, flag.at.secondsSince1970])
                }
            }
        }
    }

    public func flags(subject: String) throws(MicrobillingError) -> [FraudFlag] {
        try SQLiteDatabase.run("read flags") {
            try pool.read { db in
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

    /// The store's writing connection's `PRAGMA synchronous`: 2 (FULL) means a
    /// posted entry is on disk when `post` returns, even across a power cut.
    public func synchronousMode() throws(MicrobillingError) -> Int {
        try SQLiteDatabase.run("read PRAGMA synchronous") {
            guard let mode = try pool.writeWithoutTransaction({ db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }) else {
                throw MicrobillingError(.storage, "PRAGMA synchronous returned no row")
            }
            return mode
        }
    }

    /// Reads the entries `sql` selects (``entryColumns`` first), row by row from
    /// the statement instead of copying each row first.
    private func fetch(_ sql: String, _ arguments: StatementArguments) throws(MicrobillingError) -> [LedgerEntry] {
        try SQLiteDatabase.run("read entries") {
            try pool.read { db in
                var entries: [LedgerEntry] = []
                let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try rows.next() { entries.append(try Self.entry(row)) }
                return entries
            }
        }
    }

    /// The columns ``entry(_:)`` reads, in its order: it reads them by position,
    /// not by name (a name is looked up in every row).
    private static let entryColumns = """
        payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time, nonce, microcheck_id, credential_serial, posted_at
        """
    private static let entryColumnCount = 11

    private static func entry(_ row: Row) throws -> LedgerEntry {
        let currency = try Currency(code: row.decode(String.self, atIndex: 3), minorDigits: row.decode(Int.self, atIndex: 4))
        return LedgerEntry(payer: try row.decode(String.self, atIndex: 0), fund: try row.decode(String.self, atIndex: 1),
                           merchantID: try row.decode(String.self, atIndex: 2),
                           amount: try Money(minorUnits: row.decode(Int64.self, atIndex: 5), currency: currency),
                           time: UTCTime(secondsSince1970: try row.decode(Int64.self, atIndex: 6)), nonce: try row.decode(String.self, atIndex: 7),
                           microcheckID: try row.decode(String.self, atIndex: 8), credentialSerial: try row.decode(String.self, atIndex: 9),
                           postedAt: UTCTime(secondsSince1970: try row.decode(Int64.self, atIndex: 10)))
    }
}
