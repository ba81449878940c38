import Microbilling
import MicrobillingPostgres
import PostgresNIO
import Testing

/// The PostgreSQL ledger in the test server's database. The tables are
/// shared by every test and every run: tests use payers and merchants of
/// their own.
struct PostgresLedger: LedgerUnderTest {
    let configuration: PostgresLedgerConfiguration
    let postgres: PostgresClearingStore
    var store: any ClearingStore { postgres }

    init(configuration: PostgresLedgerConfiguration) throws {
        self.configuration = configuration
        postgres = try PostgresClearingStore(configuration: configuration)
    }

    func rawInsert(_ entry: LedgerEntry) async throws {
        let logger = Logger(label: "microcheck.tests.raw-insert")
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: configuration.host, port: configuration.port, username: configuration.user,
                                 password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: logger)
        do {
            _ = try await connection.query("""
                INSERT INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time,
                                   nonce, microcheck_id, credential_serial, posted_at)
                VALUES (\(entry.payer), \(entry.fund), \(entry.merchantID), \(entry.amount.currency.code),
                        \(entry.amount.currency.minorDigits), \(entry.amount.minorUnits), \(entry.time.secondsSince1970),
                        \(entry.nonce), \(entry.microcheckID), \(entry.credentialSerial), \(entry.postedAt.secondsSince1970))
                """, logger: logger).collect()
        } catch {
            try await connection.close()
            throw error
        }
        try await connection.close()
    }

    func isUniqueViolation(_ error: any Error) -> Bool {
        guard let server = (error as? PSQLError)?.serverInfo else { return false }
        return server[.sqlState] == "23505" && server[.constraintName] == "entry_once"
    }

    func expectDurableCommits() throws {
        let durability = try postgres.durability()
        #expect(durability.fsync == "on")
        #expect(durability.synchronousCommit == "on")
    }
}
