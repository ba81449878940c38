import GRDB
import Microbilling

/// Opens an SQLite database for a store: durable commits (`synchronous =
/// FULL`, so a commit is on disk when it returns), foreign keys on, the
/// write-ahead log when asked for (readers do not wait for a writer), and
/// the store's schema migrated. The stores of this package and the
/// provisioning service's registry open their databases here.
package enum SQLiteDatabase {
    /// Opens (creating when missing) the database at `path` and runs the
    /// migrations that `migrations` registers.
    ///
    /// - Parameters:
    ///   - writeAheadLog: journal in a write-ahead log (one sequential write and
    ///     one sync per commit instead of a rollback journal's several), for a
    ///     store that commits large transactions often.
    ///   - cacheMebibytes: the page cache, when SQLite's 2 MiB default is too
    ///     small for the indexes a store updates at random (a large ledger).
    ///   - checkpointPages: the write-ahead log's size in pages that starts a
    ///     checkpoint (copying the log into the database, synced), when
    ///     SQLite's 1,000 would checkpoint after nearly every commit of a
    ///     store whose commits each write hundreds of pages: a page written
    ///     by several commits between two checkpoints is copied once.
    /// - Throws: ``MicrobillingError`` with code `storage` when the database
    ///   cannot be opened or migrated.
    package static func open(path: String, writeAheadLog: Bool = false, cacheMebibytes: Int? = nil, checkpointPages: Int? = nil,
                             migrations: (inout DatabaseMigrator) -> Void) throws(MicrobillingError) -> DatabaseQueue {
        try open(path, configuration(writeAheadLog: writeAheadLog, cacheMebibytes: cacheMebibytes, checkpointPages: checkpointPages),
                 migrations) { path, configuration in try DatabaseQueue(path: path, configuration: configuration) }
    }

    /// Opens the database at `path` as ``open(path:writeAheadLog:cacheMebibytes:checkpointPages:migrations:)``
    /// does with the write-ahead log, as a pool: one writer, and readers on
    /// connections of their own that read the last commit while the writer
    /// writes and syncs the next.
    package static func openPool(path: String, cacheMebibytes: Int? = nil, checkpointPages: Int? = nil,
                                 migrations: (inout DatabaseMigrator) -> Void) throws(MicrobillingError) -> DatabasePool {
        try open(path, configuration(writeAheadLog: true, cacheMebibytes: cacheMebibytes, checkpointPages: checkpointPages),
                 migrations) { path, configuration in
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB turns the writer's sync down to NORMAL once it enters the write-ahead
            // log, after the configuration ran: a commit must survive a power cut.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return pool
        }
    }

    private static func configuration(writeAheadLog: Bool, cacheMebibytes: Int?, checkpointPages: Int?) -> Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // A pool sets the write-ahead log itself, and only on its writer.
            if writeAheadLog, !db.configuration.readonly { try db.execute(sql: "PRAGMA journal_mode = WAL") }
            if let cacheMebibytes { try db.execute(sql: "PRAGMA cache_size = \(-1024 * max(1, cacheMebibytes))") }
            if let checkpointPages { try db.execute(sql: "PRAGMA wal_autocheckpoint = \(max(1, checkpointPages))") }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    private static func open<Database: DatabaseWriter>(_ path: String, _ configuration: Configuration,
                                                       _ migrations: (inout DatabaseMigrator) -> Void,
                                                       _ make: (String, Configuration) throws -> Database) throws(MicrobillingError) -> Database {
        do {
            let database = try make(path, configuration)
            var migrator = DatabaseMigrator()
            migrations(&migrator)
            try migrator.migrate(database)
            return database
        } catch {
            throw MicrobillingError(.storage, "cannot open \(path): \(error)")
        }
    }

    /// Runs `body`, turning any database error into a storage error.
    static func run<T>(_ what: String, _ body: () throws -> T) throws(MicrobillingError) -> T {
        do {
            return try body()
        } catch let error as MicrobillingError {
            throw error
        } catch {
            throw MicrobillingError(.storage, "\(what): \(error)")
        }
    }
}
