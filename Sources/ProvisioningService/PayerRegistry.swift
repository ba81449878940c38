import GRDB
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto

/// The service's durable state in SQLite (GRDB, `synchronous = FULL`: a
/// commit is on disk when it returns): enrolled payers with their class and
/// lost-device marks, and the PA public keys still trusted after a rotation.
public final class PayerRegistry: Sendable {
    private let queue: DatabaseQueue

    /// The database file's path.
    public let path: String

    /// Opens (and creates or migrates) the registry at `path`.
    ///
    /// - Throws: ``ProvisioningError`` with code `storage` when the database
    ///   cannot be opened or migrated.
    public init(path: String) throws(ProvisioningError) {
        self.path = path
        do {
            queue = try SQLiteDatabase.open(path: path) { migrator in
                migrator.registerMigration("v1") { db in
                    try db.execute(sql: """
                        CREATE TABLE payer (
                            fingerprint TEXT PRIMARY KEY NOT NULL,
                            principal TEXT NOT NULL,
                            payer_class TEXT NOT NULL,
                            enrolled_at INTEGER NOT NULL,
                            lost_at INTEGER,
                            lost_by TEXT
                        );
                        CREATE TABLE retiring_pa_key (
                            principal TEXT PRIMARY KEY NOT NULL,
                            retires_at INTEGER NOT NULL
                        );
                        """)
                }
            }
        } catch {
            throw ProvisioningError(.storage, "registry: \(error.reason)")
        }
    }

    /// Registers `key` with `payerClass` at `time`.
    ///
    /// - Throws: ``ProvisioningError`` with code `alreadyEnrolled` when the key
    ///   is registered (a payer whose device was lost enrolls a new key).
    public func enroll(_ key: KeyNoteKey, class payerClass: String, at time: UTCTime) throws(ProvisioningError) -> PayerRecord {
        let record = PayerRecord(key: key, payerClass: payerClass, enrolledAt: time)
        try run("enroll \(key.fingerprint)") { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM payer WHERE fingerprint = ?", arguments: [key.fingerprint]) != nil {
                throw ProvisioningError(.alreadyEnrolled, "the key \(key.fingerprint) is already enrolled; enroll a new key instead")
            }
            try db.execute(sql: "INSERT INTO payer (fingerprint, principal, payer_class, enrolled_at) VALUES (?, ?, ?, ?)",
                           arguments: [key.fingerprint, key.encoded(.base64), payerClass, time.secondsSince1970])
        }
        return record
    }

    /// The payer with this key's fingerprint, or nil.
    public func payer(fingerprint: String) throws(ProvisioningError) -> PayerRecord? {
        try run("read payer \(fingerprint.prefix(64))") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM payer WHERE fingerprint = ?", arguments: [fingerprint]) else {
                return nil
            }
            return try Self.record(row)
        }
    }

    /// Marks the payer's key lost at `time` by `reporter`; a key already
    /// marked keeps its first mark.
    ///
    /// - Returns: the payer as now recorded.
    /// - Throws: ``ProvisioningError`` with code `notFound` when no payer has this fingerprint.
    public func markLost(fingerprint: String, at time: UTCTime, by reporter: PayerRecord.Reporter) throws(ProvisioningError) -> PayerRecord {
        try run("mark \(fingerprint.prefix(64)) lost") { db in
            try db.execute(sql: "UPDATE payer SET lost_at = ?, lost_by = ? WHERE fingerprint = ? AND lost_at IS NULL",
                           arguments: [time.secondsSince1970, reporter.rawValue, fingerprint])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM payer WHERE fingerprint = ?", arguments: [fingerprint]) else {
                throw ProvisioningError(.notFound, "no payer with key fingerprint \(fingerprint.prefix(64)) is enrolled")
            }
            return try Self.record(row)
        }
    }

    /// How many payers are enrolled.
    public func payerCount() throws(ProvisioningError) -> Int {
        try run("count payers") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM payer") ?? 0 }
    }

    /// Keeps `key` trusted until `retiresAt` (a rotated-out PA key).
    public func retire(_ key: KeyNoteKey, at retiresAt: UTCTime) throws(ProvisioningError) {
        try run("retire PA key \(key.fingerprint)") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO retiring_pa_key (principal, retires_at) VALUES (?, ?)",
                           arguments: [key.encoded(.base64), retiresAt.secondsSince1970])
        }
    }

    /// The rotated-out PA keys still trusted at `time`, oldest retirement first.
    public func retiringKeys(at time: UTCTime) throws(ProvisioningError) -> [(key: KeyNoteKey, retiresAt: UTCTime)] {
        try run("read retiring PA keys") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT principal, retires_at FROM retiring_pa_key WHERE retires_at > ? ORDER BY retires_at, principal",
                                        arguments: [time.secondsSince1970])
            return try rows.map { row in
                let text: String = row["principal"]
                guard let key = try KeyNoteKey.parse(text) else {
                    throw ProvisioningError(.storage, "the registry holds a retiring PA key that is not a key")
                }
                return (key, UTCTime(secondsSince1970: row["retires_at"]))
            }
        }
    }

    private static func record(_ row: Row) throws -> PayerRecord {
        let principal: String = row["principal"]
        guard let key = try KeyNoteKey.parse(principal) else {
            throw ProvisioningError(.storage, "the registry holds a payer principal that is not a key")
        }
        let lostAt: Int64? = row["lost_at"]
        let lostBy: String? = row["lost_by"]
        return PayerRecord(key: key, payerClass: row["payer_class"], enrolledAt: UTCTime(secondsSince1970: row["enrolled_at"]),
                           lostAt: lostAt.map(UTCTime.init(secondsSince1970:)), lostBy: lostBy.flatMap(PayerRecord.Reporter.init(rawValue:)))
    }

    private func run<T>(_ what: String, _ body: (Database) throws -> T) throws(ProvisioningError) -> T {
        do {
            return try queue.write(body)
        } catch let error as ProvisioningError {
            throw error
        } catch {
            throw ProvisioningError(.storage, "registry \(path): \(what): \(error)")
        }
    }
}
