import Microbilling
import PostgresNIO
import Synchronization

/// One connection to the server, used synchronously: each query runs on the
/// session's own event-loop thread and the caller's thread waits for it.
///
/// Callers are never on that thread, so waiting cannot deadlock, whether the
/// caller is a plain thread or a task of Swift's cooperative pool. A broken
/// connection is replaced by a new one on the next query.
final class PostgresSession: Sendable {
    private let configuration: PostgresConnection.Configuration
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let connection: Mutex<PostgresConnection?>

    /// Connects, so that a bad configuration shows at once.
    init(_ ledger: PostgresLedgerConfiguration, logger: Logger) throws(MicrobillingError) {
        configuration = PostgresConnection.Configuration(host: ledger.host, port: ledger.port, username: ledger.user,
                                                         password: ledger.password, database: ledger.database, tls: .disable)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.logger = logger
        connection = Mutex(nil)
        do {
            _ = try exclusively { _ throws(MicrobillingError) in true }
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Closes the connection and stops the thread, waiting for both (a
    /// connection must be closed before it goes away). The session is never
    /// captured by work on its own thread, so this never runs there.
    deinit {
        connection.withLock { current in
            if let open = current { try? open.close().wait() }
            current = nil
        }
        try? group.syncShutdownGracefully()
    }

    /// Runs `query` and collects its rows; `what` names the step in errors.
    func run(_ what: String, _ query: PostgresQuery) throws(MicrobillingError) -> PostgresQueryResult {
        try exclusively { connection throws(MicrobillingError) in try Self.run(what, query, on: connection, logger: logger) }
    }

    /// Runs `body` between BEGIN and COMMIT with no other query of this
    /// session in between, and rolls back when `body` throws.
    func transaction<Result: Sendable>(_ what: String,
                                       _ body: (PostgresTransaction) throws(MicrobillingError) -> Result) throws(MicrobillingError) -> Result {
        try exclusively { connection throws(MicrobillingError) in
            _ = try Self.run(what, "BEGIN", on: connection, logger: logger)
            do throws(MicrobillingError) {
                let result = try body(PostgresTransaction(connection: connection, logger: logger))
                _ = try Self.run(what, "COMMIT", on: connection, logger: logger)
                return result
            } catch {
                _ = try? Self.run(what, "ROLLBACK", on: connection, logger: logger)
                throw error
            }
        }
    }

    static func run(_ what: String, _ query: PostgresQuery, on connection: PostgresConnection,
                    logger: Logger) throws(MicrobillingError) -> PostgresQueryResult {
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw MicrobillingError(.storage, "\(what): \(PostgresFailure.describe(error))")
        }
    }

    /// Runs `body` on the open connection (made anew when there is none or it
    /// was closed), holding it so that no other call's queries come between.
    private func exclusively<Result: Sendable>(_ body: (PostgresConnection) throws(MicrobillingError) -> Result) throws(MicrobillingError) -> Result {
        try connection.withLock { (current: inout PostgresConnection?) throws(MicrobillingError) -> Result in
            if let open = current, !open.isClosed { return try body(open) }
            let made: PostgresConnection
            do {
                made = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1, logger: logger).wait()
            } catch {
                let place = "\(configuration.host ?? "?"):\(configuration.port ?? 0)"
                throw MicrobillingError(.storage, "cannot connect to PostgreSQL at \(place): \(PostgresFailure.describe(error))")
            }
            current = made
            return try body(made)
        }
    }
}

/// The queries of one transaction, on the connection its session holds.
struct PostgresTransaction {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `query` and collects its rows; `what` names the step in errors.
    func run(_ what: String, _ query: PostgresQuery) throws(MicrobillingError) -> PostgresQueryResult {
        try PostgresSession.run(what, query, on: connection, logger: logger)
    }
}
