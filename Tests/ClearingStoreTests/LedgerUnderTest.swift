import Microbilling

/// A clearing store on one database, with the test-only ways in that go
/// around the store: a raw INSERT and the durability settings.
protocol LedgerUnderTest: Sendable {
    /// The store under test.
    var store: any ClearingStore { get }
    /// Inserts `entries` with one plain multi-row INSERT on a connection of
    /// its own, with none of `post`'s conflict handling: only the database
    /// can refuse them, and then it inserts none of them.
    func rawInsert(_ entries: [LedgerEntry], sealID: String) async throws
    /// Whether `error` is the database refusing a row because of one of the
    /// ledger's unique constraint on (payer, merchant, nonce).
    func isUniqueViolation(_ error: any Error) -> Bool
    /// Records an issue unless a committed entry survives a power cut.
    func expectDurableCommits() throws
}

/// The databases every behaviour runs against.
enum Backend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// A fresh SQLite ledger, or the PostgreSQL ledger shared by the tests
    /// (tests keep apart by using payers and merchants of their own).
    func open() throws -> any LedgerUnderTest {
        switch self {
        case .sqlite: try SQLiteLedger()
        case .postgres: try PostgresLedger(configuration: PostgresServer.configuration())
        }
    }

    /// A ledger no other test writes to, for what looks at the whole ledger
    /// (its digest, its size): on PostgreSQL a database of its own.
    func openEmpty() async throws -> any LedgerUnderTest {
        switch self {
        case .sqlite: try SQLiteLedger()
        case .postgres: try await PostgresLedger(configuration: PostgresServer.freshDatabase())
        }
    }
}
