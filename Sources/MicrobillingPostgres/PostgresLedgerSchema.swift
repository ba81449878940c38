import PostgresNIO

/// The ledger's tables on PostgreSQL, mirroring the SQLite ledger: the
/// unique constraint `entry_once` on (payer, merchant, nonce), the
/// ``PostingKey``, is what refuses a second posting of the same microcheck.
enum PostgresLedgerSchema {
    /// Serializes schema creation between clients that start together
    /// (concurrent `CREATE TABLE IF NOT EXISTS` can collide in the catalog).
    static let advisoryLock: Int64 = 0x4D43_4C45_4447_4552 // "MCLEDGER"

    /// Statements run in one transaction under the advisory lock; each is
    /// harmless when its object exists.
    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE IF NOT EXISTS entry (
            id BIGSERIAL PRIMARY KEY, payer TEXT NOT NULL, fund TEXT NOT NULL, merchant_id TEXT NOT NULL,
            currency TEXT NOT NULL, minor_digits BIGINT NOT NULL, amount_minor BIGINT NOT NULL,
            offer_time BIGINT NOT NULL, nonce TEXT NOT NULL, microcheck_id TEXT NOT NULL,
            credential_serial TEXT NOT NULL, posted_at BIGINT NOT NULL, seal_id TEXT NOT NULL,
            CONSTRAINT entry_once UNIQUE (payer, merchant_id, nonce))
        """,
        // Ledgers made before the posting key covered the microcheck id, and before the fraud rules
        // read visits from the payer's index alone, lose the constraint and index those reads replaced.
        "ALTER TABLE entry DROP CONSTRAINT IF EXISTS entry_microcheck",
        "DROP INDEX IF EXISTS entry_payer",
        "CREATE INDEX IF NOT EXISTS entry_visits ON entry (payer, offer_time, merchant_id)",
        "CREATE INDEX IF NOT EXISTS entry_merchant ON entry (merchant_id, offer_time)",
        """
        CREATE TABLE IF NOT EXISTS quarantine (
            id BIGSERIAL PRIMARY KEY, microcheck_id TEXT NOT NULL, merchant_id TEXT NOT NULL, seal_id TEXT NOT NULL,
            reason TEXT NOT NULL, detail TEXT NOT NULL, received_at BIGINT NOT NULL,
            CONSTRAINT quarantine_once UNIQUE (microcheck_id, seal_id))
        """,
        "CREATE INDEX IF NOT EXISTS quarantine_merchant ON quarantine (merchant_id, id)",
        """
        CREATE TABLE IF NOT EXISTS flag (
            id BIGSERIAL PRIMARY KEY, subject TEXT NOT NULL, rule TEXT NOT NULL, detail TEXT NOT NULL, at BIGINT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS flag_subject ON flag (subject)",
    ]
}
