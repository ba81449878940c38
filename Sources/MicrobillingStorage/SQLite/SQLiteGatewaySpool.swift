import Foundation
import GRDB
import Microbilling

/// A gateway's spool in SQLite (write-ahead log, synchronous=FULL): entries
/// are committed before the merchant is told they were taken, and deleted
/// only once clearing answered for them. A seal is kept while any of its
/// entries is.
public final class SQLiteGatewaySpool: GatewaySpool {
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the spool at `path`.
    public init(path: String) throws(MicrobillingError) {
        queue = try SQLiteDatabase.open(path: path, writeAheadLog: true) { migrator in
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE seal (id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL, microcheck_ids TEXT NOT NULL,
                                       signature BLOB NOT NULL);
                    CREATE TABLE deposit (id INTEGER PRIMARY KEY, merchant_id TEXT NOT NULL,
                                          microcheck_id TEXT NOT NULL UNIQUE, record BLOB NOT NULL,
                                          seal_id TEXT NOT NULL REFERENCES seal(id));
                    CREATE INDEX deposit_seal ON deposit(seal_id);
                    CREATE TABLE set_aside (microcheck_id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL, record BLOB NOT NULL,
                                            seal_id TEXT NOT NULL, reason TEXT NOT NULL);
                    """)
            }
        }
    }

    public func store(_ entries: [SpooledDeposit]) throws(MicrobillingError) -> Int {
        try SQLiteDatabase.run("spool deposits") {
            try queue.write { db in
                var added = 0
                var seals = Set<String>()
                for entry in entries {
                    let sealID = try entry.seal.id
                    seals.insert(sealID)
                    try db.execute(sql: "INSERT OR IGNORE INTO seal (id, merchant_id, microcheck_ids, signature) VALUES (?, ?, ?, ?)",
                                   arguments: [sealID, entry.seal.merchantID, entry.seal.microcheckIDs.joined(separator: "\n"),
                                               Data(entry.seal.signature)])
                    try db.execute(sql: "INSERT OR IGNORE INTO deposit (merchant_id, microcheck_id, record, seal_id) VALUES (?, ?, ?, ?)",
                                   arguments: [entry.merchantID, entry.microcheckID, Data(entry.record), sealID])
                    added += db.changesCount
                }
                // A seal whose entries were all spooled before, under another seal, holds nothing.
                try Self.dropUnused(seals, db)
                return added
            }
        }
    }

    public func pending(limit: Int) throws(MicrobillingError) -> [SpooledDeposit] {
        try SQLiteDatabase.run("read the spool") {
            try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT deposit.merchant_id, deposit.microcheck_id, deposit.record, seal.merchant_id AS seal_merchant,
                           seal.microcheck_ids, seal.signature
                    FROM deposit JOIN seal ON seal.id = deposit.seal_id ORDER BY deposit.id LIMIT ?
                    """, arguments: [max(0, limit)]).map { row in
                    let ids: String = row["microcheck_ids"]
                    let seal = DepositSeal(merchantID: row["seal_merchant"], microcheckIDs: ids.split(separator: "\n").map(String.init),
                                           signature: [UInt8](row["signature"] as Data))
                    return SpooledDeposit(merchantID: row["merchant_id"], microcheckID: row["microcheck_id"],
                                          record: [UInt8](row["record"] as Data), seal: seal)
                }
            }
        }
    }

    public func retire(microcheckIDs: [String]) throws(MicrobillingError) {
        try SQLiteDatabase.run("retire deposits") {
            try queue.write { db in
                var seals = Set<String>()
                for id in microcheckIDs {
                    if let seal = try String.fetchOne(db, sql: "SELECT seal_id FROM deposit WHERE microcheck_id = ?", arguments: [id]) {
                        seals.insert(seal)
                    }
                    try db.execute(sql: "DELETE FROM deposit WHERE microcheck_id = ?", arguments: [id])
                }
                try Self.dropUnused(seals, db)
            }
        }
    }

    public func setAside(_ entries: [(microcheckID: String, reason: String)]) throws(MicrobillingError) {
        try SQLiteDatabase.run("set deposits aside") {
            try queue.write { db in
                for entry in entries {
                    try db.execute(sql: """
                        INSERT OR IGNORE INTO set_aside (microcheck_id, merchant_id, record, seal_id, reason)
                        SELECT microcheck_id, merchant_id, record, seal_id, ? FROM deposit WHERE microcheck_id = ?
                        """, arguments: [entry.reason, entry.microcheckID])
                    try db.execute(sql: "DELETE FROM deposit WHERE microcheck_id = ?", arguments: [entry.microcheckID])
                }
            }
        }
    }

    /// The entries set aside, with their reasons.
    public func setAsideEntries() throws(MicrobillingError) -> [(microcheckID: String, reason: String)] {
        try SQLiteDatabase.run("read the entries set aside") {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT microcheck_id, reason FROM set_aside ORDER BY rowid").map { row in
                    (microcheckID: row["microcheck_id"] as String, reason: row["reason"] as String)
                }
            }
        }
    }

    /// Deletes those of `seals` that no spooled or set-aside entry refers to
    /// (only the seals a call touched: the spool is never scanned whole).
    private static func dropUnused(_ seals: Set<String>, _ db: Database) throws {
        for seal in seals {
            try db.execute(sql: """
                DELETE FROM seal WHERE id = ? AND NOT EXISTS (SELECT 1 FROM deposit WHERE seal_id = ?)
                                         AND NOT EXISTS (SELECT 1 FROM set_aside WHERE seal_id = ?)
                """, arguments: [seal, seal, seal])
        }
    }

    public func depth() throws(MicrobillingError) -> Int {
        try SQLiteDatabase.run("count the spool") {
            try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deposit") ?? 0 }
        }
    }

    /// The spool's `PRAGMA journal_mode` and `PRAGMA synchronous` ("wal", 2
    /// for FULL): what makes a spooled entry survive a power cut.
    public func durability() throws(MicrobillingError) -> (journalMode: String, synchronous: Int) {
        try SQLiteDatabase.run("read the spool's durability") {
            try queue.read { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
            }
        }
    }
}
