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
            _ = try openConnection()
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
        let current = try openConnection()
        do {
            return try current.query(query, logger: logger).wait()
        } catch {
            throw MicrobillingError(.storage, "\(what): \(PostgresFailure.describe(error))")
        }
    }

    /// The open connection, made anew when there is none or it was closed.
    private func openConnection() throws(MicrobillingError) -> PostgresConnection {
        try connection.withLock { (current: inout PostgresConnection?) throws(MicrobillingError) -> PostgresConnection in
            if let open = current, !open.isClosed { return open }
            do {
                let made = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1, logger: logger).wait()
                current = made
                return made
            } catch {
                let place = "\(configuration.host ?? "?"):\(configuration.port ?? 0)"
                throw MicrobillingError(.storage, "cannot connect to PostgreSQL at \(place): \(PostgresFailure.describe(error))")
            }
        }
    }
}
