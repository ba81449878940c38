import GRDB
import Microbilling
import MicrocheckCrypto

/// The merchant's journal in SQLite. A purchase is committed (and synced to
/// disk) before ``record(_:)`` returns; a second purchase with the same
/// offer nonce or microcheck is refused by unique indexes.
public final class SQLiteMerchantJournal: MerchantJournal {
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the journal at `path`.
    public init(path: String) throws(MicrobillingError) {
        queue = try SQLiteDatabase.open(path: path) { migrator in
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE purchase (
                        id INTEGER PRIMARY KEY, \(OfferColumns.definitions),
                        payer TEXT NOT NULL, payer_fingerprint TEXT NOT NULL, microcheck TEXT NOT NULL,
                        microcheck_id TEXT NOT NULL UNIQUE, credentials TEXT NOT NULL, deposited INTEGER NOT NULL DEFAULT 0);
                    CREATE UNIQUE INDEX purchase_nonce ON purchase(nonce);
                    CREATE INDEX purchase_payer_time ON purchase(payer_fingerprint, offer_time);
                    """)
            }
            migrator.registerMigration("v2-outcome") { db in
                try db.execute(sql: "ALTER TABLE purchase ADD COLUMN outcome TEXT NOT NULL DEFAULT 'pending'")
            }
        }
    }

    public func record(_ purchase: AcceptedPurchase) throws(MicrobillingError) {
        try SQLiteDatabase.run("journal a purchase") {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO purchase (\(OfferColumns.names), payer, payer_fingerprint, microcheck, microcheck_id, credentials) VALUES (\(OfferColumns.placeholders), ?, ?, ?, ?, ?)",
                               arguments: StatementArguments(OfferColumns.values(purchase.offer) + [
                                   purchase.payer.encoded(.base64), purchase.payer.fingerprint, purchase.microcheck,
                                   purchase.microcheckID, try OfferColumns.encode(purchase.credentials)]))
            }
        }
    }

    public func containsPurchase(nonce: String, microcheckID: String) throws(MicrobillingError) -> Bool {
        try SQLiteDatabase.run("look up a purchase") {
            try queue.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM purchase WHERE nonce = ? OR microcheck_id = ?)",
                                  arguments: [nonce, microcheckID]) ?? false
            }
        }
    }

    public func history(of payer: KeyNoteKey, at time: UTCTime) throws(MicrobillingError) -> MerchantHistory {
        let fingerprint = payer.fingerprint
        return try SQLiteDatabase.run("read a payer's history") {
            try queue.read { db in
                let today = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(amount_minor), 0) AS spent FROM purchase WHERE payer_fingerprint = ? AND offer_time >= ? AND offer_time <= ?",
                                             arguments: [fingerprint, time.startOfDay.secondsSince1970, time.secondsSince1970])
                let last = try Int64.fetchOne(db, sql: "SELECT MAX(offer_time) FROM purchase WHERE payer_fingerprint = ? AND offer_time <= ?",
                                              arguments: [fingerprint, time.secondsSince1970])
                return MerchantHistory(purchasesToday: today?["n"] ?? 0, spentTodayMinor: today?["spent"] ?? 0,
                                       secondsSinceLast: last.map { time.secondsSince1970 - $0 } ?? MerchantHistory.noPreviousPurchase)
            }
        }
    }

    public func settle(microcheckID: String, as outcome: PurchaseOutcome) throws(MicrobillingError) {
        try SQLiteDatabase.run("settle a purchase") {
            try queue.write { db in
                try db.execute(sql: "UPDATE purchase SET outcome = ? WHERE microcheck_id = ? AND outcome = 'pending'",
                               arguments: [outcome.rawValue, microcheckID])
            }
        }
    }

    public func outcome(ofMicrocheckPrefix prefix: String) throws(MicrobillingError) -> JournaledState? {
        guard prefix.count >= 16, prefix.allSatisfy(\.isHexDigit) else { return nil }
        return try SQLiteDatabase.run("look up a purchase's outcome") {
            try queue.read { db in
                guard let outcome = try String.fetchOne(db, sql: "SELECT outcome FROM purchase WHERE substr(microcheck_id, 1, ?) = ?",
                                                        arguments: [prefix.count, prefix.lowercased()]) else { return nil }
                return PurchaseOutcome(rawValue: outcome).map(JournaledState.settled) ?? .pending
            }
        }
    }

    public func latestOfferTime() throws(MicrobillingError) -> UTCTime? {
        try SQLiteDatabase.run("read the latest offer time") {
            try queue.read { db in
                try Int64.fetchOne(db, sql: "SELECT MAX(offer_time) FROM purchase").map(UTCTime.init(secondsSince1970:))
            }
        }
    }

    public func unsettled() throws(MicrobillingError) -> [AcceptedPurchase] {
        try purchases("SELECT * FROM purchase WHERE outcome = 'pending' ORDER BY id", [])
    }

    public func pendingDeposits(limit: Int) throws(MicrobillingError) -> [AcceptedPurchase] {
        try purchases("SELECT * FROM purchase WHERE deposited = 0 AND outcome = 'dispensed' ORDER BY id LIMIT ?", [max(0, limit)])
    }

    private func purchases(_ sql: String, _ arguments: StatementArguments) throws(MicrobillingError) -> [AcceptedPurchase] {
        try SQLiteDatabase.run("read purchases") {
            try queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    guard let payer = try KeyNoteKey.parse(row["payer"] as String) else {
                        throw MicrobillingError(.storage, "journal row \(row["id"] as Int64): payer is not a key")
                    }
                    return AcceptedPurchase(offer: try OfferColumns.offer(row), payer: payer, microcheck: row["microcheck"],
                                            credentials: try OfferColumns.decode(row["credentials"]), microcheckID: row["microcheck_id"])
                }
            }
        }
    }

    public func markDeposited(microcheckIDs: [String]) throws(MicrobillingError) {
        try SQLiteDatabase.run("mark purchases deposited") {
            try queue.write { db in
                for id in microcheckIDs {
                    try db.execute(sql: "UPDATE purchase SET deposited = 1 WHERE microcheck_id = ?", arguments: [id])
                }
            }
        }
    }
}
