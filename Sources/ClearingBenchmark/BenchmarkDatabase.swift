import Foundation
import Microbilling
import MicrobillingPostgres
import PostgresNIO

/// A PostgreSQL database made for one benchmark run on the given server
/// (so earlier runs' entries never turn this run's into duplicates), and
/// dropped after it.
struct BenchmarkDatabase {
    let server: PostgresLedgerConfiguration
    let configuration: PostgresLedgerConfiguration

    init(_ server: PostgresLedgerConfiguration) throws {
        self.server = server
        var configuration = server
        configuration.database = "clearing_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        self.configuration = configuration
        try Self.execute("CREATE DATABASE \(configuration.database)", on: server)
    }

    /// Drops the database (once the store using it is gone), reporting a failure on stderr.
    func drop() {
        do {
            try Self.execute("DROP DATABASE IF EXISTS \(configuration.database) WITH (FORCE)", on: server)
        } catch {
            FileHandle.standardError.write(Data("clearing-bench: cannot drop \(configuration.database): \(error)\n".utf8))
        }
    }

    private static func execute(_ sql: String, on server: PostgresLedgerConfiguration) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let logger = Logger(label: "clearing-bench")
        let connection = try PostgresConnection.connect(
            on: group.next(),
            configuration: .init(host: server.host, port: server.port, username: server.user, password: server.password,
                                 database: server.database, tls: .disable),
            id: 1, logger: logger).wait()
        defer { try? connection.close().wait() }
        _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
    }
}
