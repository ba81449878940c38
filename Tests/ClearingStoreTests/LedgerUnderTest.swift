import Microbilling

/// A clearing store on one database, with the test-only ways in that go
/// around the store: a raw INSERT and the durability settings.
protocol LedgerUnderTest: Sendable {
    /// The store under test.
    var store: any ClearingStore { get }
    /// Inserts `entry` with a plain INSERT on a connection of its own, with
    /// none of `post`'s conflict handling: only the database can refuse it.
    func rawInsert(_ entry: LedgerEntry) async throws
    /// Whether `error` is the database refusing a row because of the
    /// ledger's unique constraint on (payer, merchant, nonce).
    func isUniqueViolation(_ error: any Error) -> Bool
    /// Records an issue unless a committed entry survives a power cut.
    func expectDurableCommits() throws
}

/// The databases every behaviour runs against.
enum Backend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// A fresh ledger on this database.
    func open() throws -> any LedgerUnderTest {
        switch self {
        case .sqlite: try SQLiteLedger()
        case .postgres: try PostgresLedger(configuration: PostgresServer.configuration())
        }
    }
}
