import Foundation
import MicrobillingPostgres
import PostgresNIO
import Testing

/// Where the PostgreSQL tests find their server: MICROCHECK_POSTGRES, as
/// printed by tools/postgres-start (for example
/// "host=127.0.0.1 port=54329 user=postgres dbname=microcheck").
///
/// Unset, a test is cancelled with the reason shown (skipped) on a
/// developer's machine, and fails in CI (CI=true), where the PostgreSQL
/// ledger must be tested. Set but unreachable, it fails everywhere.
enum PostgresServer {
    /// Why a PostgreSQL test cannot run in CI.
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CI=true but MICROCHECK_POSTGRES is unset: the PostgreSQL ledger tests must run in CI "
                + "(tools/run-tests starts a server with tools/postgres-start and exports it)"
        }
    }

    static func configuration() throws -> PostgresLedgerConfiguration {
        let environment = ProcessInfo.processInfo.environment
        guard let text = environment["MICROCHECK_POSTGRES"], !text.isEmpty else {
            if environment["CI"] == "true" { throw Missing() }
            let reason: Comment = "PostgreSQL skipped: MICROCHECK_POSTGRES is unset (export the value tools/postgres-start prints)"
            Issue.record(reason, severity: .warning)
            try Test.cancel(reason)
        }
        return try PostgresLedgerConfiguration(connectionString: text)
    }

    /// A new, empty database on the test server, for a test that needs a
    /// ledger no other test writes to.
    static func freshDatabase() async throws -> PostgresLedgerConfiguration {
        var configuration = try configuration()
        let logger = Logger(label: "microcheck.tests.fresh-database")
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: configuration.host, port: configuration.port, username: configuration.user,
                                 password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: logger)
        let name = "ledger_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger).collect()
        } catch {
            try await connection.close()
            throw error
        }
        try await connection.close()
        configuration.database = name
        return configuration
    }
}
