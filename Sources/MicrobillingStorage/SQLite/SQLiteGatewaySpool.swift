import Foundation
import GRDB
import Microbilling

/// A gateway's spool in SQLite: entries are committed (synced) before the
/// merchant is told they were taken, and deleted only once clearing
/// acknowledged them.
public final class SQLiteGatewaySpool: GatewaySpool {
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the spool at `path`.
    public init(path: String) throws(MicrobillingError) {
        queue = try SQLiteDatabase.open(path: path) { migrator in
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE deposit (id INTEGER PRIMARY KEY, merchant_id TEXT NOT NULL,
                                          microcheck_id TEXT NOT NULL UNIQUE, record BLOB NOT NULL);
                    """)
            }
        }
    }

    public func store(_ entries: [SpooledDeposit]) throws(MicrobillingError) -> Int {
        try SQLiteDatabase.run("spool deposits") {
            try queue.write { db in
                var added = 0
                for entry in entries {
                    try db.execute(sql: "INSERT OR IGNORE INTO deposit (merchant_id, microcheck_id, record) VALUES (?, ?, ?)",
                                   arguments: [entry.merchantID, entry.microcheckID, Data(entry.record)])
                    added += db.changesCount
                }
                return added
            }
        }
    }

    public func pending(limit: Int) throws(MicrobillingError) -> [SpooledDeposit] {
        try SQLiteDatabase.run("read the spool") {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM deposit ORDER BY id LIMIT ?", arguments: [max(0, limit)]).map { row in
                    SpooledDeposit(merchantID: row["merchant_id"], microcheckID: row["microcheck_id"], record: [UInt8](row["record"] as Data))
                }
            }
        }
    }

    public func retire(microcheckIDs: [String]) throws(MicrobillingError) {
        try SQLiteDatabase.run("retire deposits") {
            try queue.write { db in
                for id in microcheckIDs { try db.execute(sql: "DELETE FROM deposit WHERE microcheck_id = ?", arguments: [id]) }
            }
        }
    }
}
