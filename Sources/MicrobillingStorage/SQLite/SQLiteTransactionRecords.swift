import GRDB
import Microbilling

/// The payer wallet's transaction records in SQLite, synced before the
/// microcheck leaves the handheld.
public final class SQLiteTransactionRecords: TransactionRecordStore {
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the records at `path`.
    public init(path: String) throws(MicrobillingError) {
        queue = try SQLiteDatabase.open(path: path) { migrator in
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE record (
                        id INTEGER PRIMARY KEY, merchant_name TEXT NOT NULL, merchant_id TEXT NOT NULL, product TEXT NOT NULL,
                        currency TEXT NOT NULL, minor_digits INTEGER NOT NULL, amount_minor INTEGER NOT NULL,
                        offer_time INTEGER NOT NULL, nonce TEXT NOT NULL, microcheck_id TEXT NOT NULL UNIQUE,
                        credential_serial TEXT NOT NULL);
                    """)
            }
            migrator.registerMigration("v2-status") { db in
                try db.execute(sql: "ALTER TABLE record ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'")
            }
        }
    }

    public func append(_ record: TransactionRecord) throws(MicrobillingError) {
        try SQLiteDatabase.run("append a record") {
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO record (merchant_name, merchant_id, product, currency, minor_digits, amount_minor, offer_time,
                                        nonce, microcheck_id, credential_serial, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [record.merchantName, record.merchantID, record.product, record.amount.currency.code,
                                     record.amount.currency.minorDigits, record.amount.minorUnits, record.time.secondsSince1970,
                                     record.nonce, record.microcheckID, record.credentialSerial, record.status.rawValue])
            }
        }
    }

    public func setStatus(_ status: TransactionStatus, for microcheckID: String) throws(MicrobillingError) {
        try SQLiteDatabase.run("set a record's status") {
            try queue.write { db in
                try db.execute(sql: "UPDATE record SET status = ? WHERE microcheck_id = ?", arguments: [status.rawValue, microcheckID])
            }
        }
    }

    public func records() throws(MicrobillingError) -> [TransactionRecord] {
        try SQLiteDatabase.run("read records") {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM record ORDER BY id").map { row in
                    let currency = try Currency(code: row["currency"], minorDigits: row["minor_digits"])
                    guard let status = TransactionStatus(rawValue: row["status"]) else {
                        throw MicrobillingError(.storage, "record \(row["id"] as Int64): unknown status")
                    }
                    return TransactionRecord(merchantName: row["merchant_name"], merchantID: row["merchant_id"], product: row["product"],
                                             amount: try Money(minorUnits: row["amount_minor"], currency: currency),
                                             time: UTCTime(secondsSince1970: row["offer_time"]), nonce: row["nonce"],
                                             microcheckID: row["microcheck_id"], credentialSerial: row["credential_serial"], status: status)
                }
            }
        }
    }
}
