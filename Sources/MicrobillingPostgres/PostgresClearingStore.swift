import Microbilling
import PostgresNIO

/// Clearing's ledger and flags in PostgreSQL, with the SQLite ledger's
/// behaviour. The unique constraint on (payer, merchant, nonce) makes
/// posting and the double-deposit check one atomic step in the database.
///
/// The methods block the calling thread until the server answers (each
/// query runs on the store's own event-loop thread). Every failure is a
/// ``MicrobillingError`` with code `.storage`; a broken connection is
/// reopened on the next call.
public final class PostgresClearingStore: ClearingStore {
    private let session: PostgresSession

    /// Connects and creates the ledger's tables if they do not exist.
    ///
    /// - Parameter logger: where postgres-nio logs (at debug level and below).
    /// - Throws: ``MicrobillingError`` (`.storage`) when the server cannot be
    ///   reached or refuses the schema.
    public init(configuration: PostgresLedgerConfiguration,
                logger: Logger = Logger(label: "microcheck.clearing.postgres")) throws(MicrobillingError) {
        session = try PostgresSession(configuration, logger: logger)
        try createSchema()
    }

    public func post(_ entry: LedgerEntry) throws(MicrobillingError) -> Bool {
        let result = try session.run("post an entry", """
            INSERT INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time,
                               nonce, microcheck_id, credential_serial, posted_at)
            VALUES (\(entry.payer), \(entry.fund), \(entry.merchantID), \(entry.amount.currency.code),
                    \(Int64(entry.amount.currency.minorDigits)), \(entry.amount.minorUnits), \(entry.time.secondsSince1970),
                    \(entry.nonce), \(entry.microcheckID), \(entry.credentialSerial), \(entry.postedAt.secondsSince1970))
            ON CONFLICT ON CONSTRAINT entry_once DO NOTHING
            """)
        switch result.metadata.rows {
        case 1: return true
        case 0: return false
        default: throw MicrobillingError(.storage, "post an entry: the server reported \"\(result.metadata.command)\" with no row count")
        }
    }

    public func entries(payer: String) throws(MicrobillingError) -> [LedgerEntry] {
        try entries("read a payer's entries", """
            SELECT payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time, nonce, microcheck_id,
                   credential_serial, posted_at
            FROM entry WHERE payer = \(payer) ORDER BY offer_time, id
            """)
    }

    public func entries(merchantID: String) throws(MicrobillingError) -> [LedgerEntry] {
        try entries("read a merchant's entries", """
            SELECT payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time, nonce, microcheck_id,
                   credential_serial, posted_at
            FROM entry WHERE merchant_id = \(merchantID) ORDER BY offer_time, id
            """)
    }

    public func addFlag(_ flag: FraudFlag) throws(MicrobillingError) {
        _ = try session.run("record a flag", """
            INSERT INTO flag (subject, rule, detail, at)
            VALUES (\(flag.subject), \(flag.rule.rawValue), \(flag.detail), \(flag.at.secondsSince1970))
            """)
    }

    public func flags(subject: String) throws(MicrobillingError) -> [FraudFlag] {
        let rows = try session.run("read flags", "SELECT id, subject, rule, detail, at FROM flag WHERE subject = \(subject) ORDER BY id")
        return try rows.map { row throws(MicrobillingError) in
            let (id, subject, rule, detail, at) = try decode(row, as: (Int64, String, String, String, Int64).self, "read flags")
            guard let known = FraudFlag.Rule(rawValue: rule) else {
                throw MicrobillingError(.storage, "flag \(id): unknown rule \"\(rule)\"")
            }
            return FraudFlag(subject: subject, rule: known, detail: detail, at: UTCTime(secondsSince1970: at))
        }
    }

    /// The server's `fsync` and `synchronous_commit` settings, which must both
    /// be "on" for a posted entry to survive a power cut.
    public func durability() throws(MicrobillingError) -> PostgresDurability {
        PostgresDurability(fsync: try setting("fsync"), synchronousCommit: try setting("synchronous_commit"))
    }

    private func setting(_ name: String) throws(MicrobillingError) -> String {
        // SHOW takes no bound parameters; `current_setting` does.
        let rows = try session.run("read setting \(name)", "SELECT current_setting(\(name))")
        guard let row = rows.first else { throw MicrobillingError(.storage, "read setting \(name): no row") }
        return try decode(row, as: String.self, "read setting \(name)")
    }

    private func createSchema() throws(MicrobillingError) {
        let what = "create the ledger's tables"
        _ = try session.run(what, "BEGIN")
        do throws(MicrobillingError) {
            _ = try session.run(what, "SELECT pg_advisory_xact_lock(\(PostgresLedgerSchema.advisoryLock))")
            for statement in PostgresLedgerSchema.statements { _ = try session.run(what, statement) }
            _ = try session.run(what, "COMMIT")
        } catch {
            _ = try? session.run(what, "ROLLBACK")
            throw error
        }
    }

    private func entries(_ what: String, _ query: PostgresQuery) throws(MicrobillingError) -> [LedgerEntry] {
        try session.run(what, query).map { row throws(MicrobillingError) in
            let (payer, fund, merchantID, code, minorDigits, amount, time, nonce, microcheckID, serial, postedAt) =
                try decode(row, as: (String, String, String, String, Int64, Int64, Int64, String, String, String, Int64).self, what)
            guard let digits = Int(exactly: minorDigits) else {
                throw MicrobillingError(.storage, "\(what): minor digits \(minorDigits) out of range")
            }
            let currency = try Currency(code: code, minorDigits: digits)
            return LedgerEntry(payer: payer, fund: fund, merchantID: merchantID,
                               amount: try Money(minorUnits: amount, currency: currency),
                               time: UTCTime(secondsSince1970: time), nonce: nonce, microcheckID: microcheckID,
                               credentialSerial: serial, postedAt: UTCTime(secondsSince1970: postedAt))
        }
    }

    private func decode<each Column: PostgresDecodable>(_ row: PostgresRow, as type: (repeat each Column).Type,
                                                        _ what: String) throws(MicrobillingError) -> (repeat each Column) {
        do {
            return try row.decode(type)
        } catch {
            throw MicrobillingError(.storage, "\(what): \(PostgresFailure.describe(error))")
        }
    }
}
