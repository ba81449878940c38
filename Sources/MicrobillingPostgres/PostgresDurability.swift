/// The server settings that decide whether a commit survives a power cut,
/// as the server reports them (`SHOW fsync`, `SHOW synchronous_commit`).
public struct PostgresDurability: Sendable, Hashable {
    /// `fsync`: "on" when the server forces its writes to disk.
    public var fsync: String
    /// `synchronous_commit`: "on" when a commit returns only once its WAL is on disk.
    public var synchronousCommit: String

    /// Creates a report.
    public init(fsync: String, synchronousCommit: String) {
        self.fsync = fsync
        self.synchronousCommit = synchronousCommit
    }
}
