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

    func rawInsert(_ entries: [LedgerEntry], sealID: String) async throws {
        let logger = Logger(label: "microcheck.tests.raw-insert")
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: configuration.host, port: configuration.port, username: configuration.user,
                                 password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: logger)
        var bindings = PostgresBindings()
        var rows: [String] = []
        for entry in entries {
            let first = bindings.count + 1
            rows.append("(" + (first..<first + 12).map { "$\($0)" }.joined(separator: ", ") + ")")
            bindings.append(entry.payer)
            bindings.append(entry.fund)
            bindings.append(entry.merchantID)
            bindings.append(entry.amount.currency.code)
            bindings.append(Int64(entry.amount.currency.minorDigits))
            bindings.append(entry.amount.minorUnits)
            bindings.append(entry.time.secondsSince1970)
            bindings.append(entry.nonce)
            bindings.append(entry.microcheckID)
            bindings.append(entry.credentialSerial)
            bindings.append(entry.postedAt.secondsSince1970)
            bindings.append(sealID)
        }
        let insert = PostgresQuery(unsafeSQL: """
            INSERT INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time,
                               nonce, microcheck_id, credential_serial, posted_at, seal_id)
            VALUES \(rows.joined(separator: ", "))
            """, binds: bindings)
        do {
            _ = try await connection.query(insert, logger: logger).collect()
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
