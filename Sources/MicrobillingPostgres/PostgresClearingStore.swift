import Microbilling
import PostgresNIO

/// Clearing's ledger, quarantine and flags in PostgreSQL, with the SQLite
/// ledger's behaviour. The unique constraint on (payer, merchant, nonce),
/// the ``PostingKey``, makes posting and the double-deposit check one
/// atomic step in the database.
///
/// The methods block the calling thread until the server answers (each
/// query runs on the store's own event-loop thread). Every failure is a
/// ``MicrobillingError`` with code `.storage`; a broken connection is
/// reopened on the next call. ``postings(of:)``, which clearing asks while
/// it verifies a deposit, has a connection of its own, so that it does not
/// wait behind the posting of another deposit.
public final class PostgresClearingStore: ClearingStore {
    private let session: PostgresSession
    private let lookups: PostgresSession

    /// Connects and creates the ledger's tables if they do not exist.
    ///
    /// - Parameter logger: where postgres-nio logs (at debug level and below).
    /// - Throws: ``MicrobillingError`` (`.storage`) when the server cannot be
    ///   reached or refuses the schema.
    public init(configuration: PostgresLedgerConfiguration,
                logger: Logger = Logger(label: "microcheck.clearing.postgres")) throws(MicrobillingError) {
        session = try PostgresSession(configuration, logger: logger)
        lookups = try PostgresSession(configuration, logger: logger)
        try createSchema()
    }

    /// Inserts each deposit's entries with one statement (`unnest` of one
    /// array per column, `ON CONFLICT DO NOTHING RETURNING`), then reads the
    /// seals of the entries it did not insert, all in one transaction.
    public func post(_ deposits: [SealedPosting]) throws(MicrobillingError) -> [[PostResult]] {
        let count = deposits.reduce(0) { $0 + $1.entries.count }
        guard count > 0 else { return deposits.map { _ in [] } }
        let what = "post \(count) entries"
        return try session.transaction(what) { transaction throws(MicrobillingError) -> [[PostResult]] in
            var results: [[PostResult]] = []
            for deposit in deposits {
                results.append(try post(deposit.entries, sealID: deposit.sealID, in: transaction, what))
            }
            return results
        }
    }

    /// One deposit's part of ``post(_:)``, in `transaction`.
    private func post(_ entries: [LedgerEntry], sealID: String, in transaction: PostgresTransaction,
                      _ what: String) throws(MicrobillingError) -> [PostResult] {
        guard !entries.isEmpty else { return [] }
        let insertedRows = try transaction.run(what, """
            INSERT INTO entry (payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time,
                               nonce, microcheck_id, credential_serial, posted_at, seal_id)
            SELECT payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time, nonce, microcheck_id,
                   credential_serial, posted_at, \(sealID)
            FROM unnest(\(entries.map(\.payer))::text[], \(entries.map(\.fund))::text[], \(entries.map(\.merchantID))::text[],
                        \(entries.map(\.amount.currency.code))::text[], \(entries.map { Int64($0.amount.currency.minorDigits) })::int8[],
                        \(entries.map(\.amount.minorUnits))::int8[], \(entries.map(\.time.secondsSince1970))::int8[],
                        \(entries.map(\.nonce))::text[], \(entries.map(\.microcheckID))::text[],
                        \(entries.map(\.credentialSerial))::text[], \(entries.map(\.postedAt.secondsSince1970))::int8[])
                 WITH ORDINALITY AS batch(payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time, nonce,
                                          microcheck_id, credential_serial, posted_at, position)
            ORDER BY position
            ON CONFLICT DO NOTHING
            RETURNING payer, merchant_id, nonce
            """)
        var inserted = Set<PostingKey>()
        for row in insertedRows {
            let (payer, merchantID, nonce) = try decode(row, as: (String, String, String).self, what)
            inserted.insert(PostingKey(payer: payer, merchantID: merchantID, nonce: nonce))
        }
        // The first entry with an inserted key is the one posted; any later one with that key was refused.
        let posted = entries.map { inserted.remove($0.postingKey) != nil }
        let earlier = try postings(of: zip(entries, posted).filter { !$1 }.map(\.0.postingKey), transaction.run)
        return try zip(entries, posted).map { entry, posted throws(MicrobillingError) -> PostResult in
            if posted { return .posted }
            guard let seal = earlier[entry.postingKey]?.sealID else {
                throw MicrobillingError(.storage, "post microcheck \(entry.microcheckID): refused, yet no entry conflicts with it")
            }
            return .duplicate(sameSeal: seal == sealID)
        }
    }

    public func postings(of keys: [PostingKey]) throws(MicrobillingError) -> [PostingKey: Posting] {
        guard !keys.isEmpty else { return [:] }
        return try postings(of: keys, lookups.run)
    }

    public func entries(payer: String) throws(MicrobillingError) -> [LedgerEntry] {
        try entries("read a payer's entries", """
            SELECT \(unescaped: Self.entryColumns) FROM entry WHERE payer = \(payer) ORDER BY offer_time, id
            """)
    }

    public func visits(in slices: [LedgerSlice]) throws(MicrobillingError) -> [PayerVisit] {
        guard !slices.isEmpty else { return [] }
        let what = "read ledger slices"
        let rows = try session.run(what, """
            SELECT DISTINCT entry.id, entry.payer, entry.merchant_id, entry.offer_time
            FROM unnest(\(slices.map(\.payer))::text[], \(slices.map { $0.merchantID ?? "" })::text[],
                        \(slices.map(\.offerTimes.lowerBound.secondsSince1970))::int8[],
                        \(slices.map(\.offerTimes.upperBound.secondsSince1970))::int8[]) AS slice(payer, merchant_id, first, last)
            JOIN entry ON entry.payer = slice.payer AND entry.offer_time BETWEEN slice.first AND slice.last
                      AND (slice.merchant_id = '' OR entry.merchant_id = slice.merchant_id)
            ORDER BY entry.offer_time, entry.id
            """)
        var visits: [PayerVisit] = []
        for row in rows {
            let (_, payer, merchantID, time) = try decode(row, as: (Int64, String, String, Int64).self, what)
            visits.append(PayerVisit(payer: payer, merchantID: merchantID, time: UTCTime(secondsSince1970: time)))
        }
        return visits
    }

    public func entries(merchantID: String) throws(MicrobillingError) -> [LedgerEntry] {
        try entries("read a merchant's entries", """
            SELECT \(unescaped: Self.entryColumns) FROM entry WHERE merchant_id = \(merchantID) ORDER BY offer_time, id
            """)
    }

    public func entryCount() throws(MicrobillingError) -> Int {
        let what = "count entries"
        guard let row = try session.run(what, "SELECT count(*) FROM entry").first else {
            throw MicrobillingError(.storage, "\(what): no row")
        }
        let count = try decode(row, as: Int64.self, what)
        return Int(count)
    }

    public func ledgerDigest() throws(MicrobillingError) -> String {
        let what = "digest the ledger"
        var digest = LedgerDigest()
        for row in try session.run(what, """
            SELECT \(unescaped: Self.entryColumns), seal_id FROM entry ORDER BY microcheck_id COLLATE "C"
            """) {
            let (entry, seal) = try Self.entry(row, what)
            digest.add(entry, sealID: seal ?? "")
        }
        return try digest.hex()
    }

    public func quarantine(_ items: [QuarantinedDeposit]) throws(MicrobillingError) {
        guard !items.isEmpty else { return }
        _ = try session.run("quarantine \(items.count) deposits", """
            INSERT INTO quarantine (microcheck_id, merchant_id, seal_id, reason, detail, received_at)
            SELECT microcheck_id, merchant_id, seal_id, reason, detail, received_at
            FROM unnest(\(items.map(\.microcheckID))::text[], \(items.map(\.merchantID))::text[],
                        \(items.map(\.sealID))::text[], \(items.map(\.reason))::text[], \(items.map(\.detail))::text[],
                        \(items.map(\.receivedAt.secondsSince1970))::int8[])
                 WITH ORDINALITY AS batch(microcheck_id, merchant_id, seal_id, reason, detail, received_at, position)
            ORDER BY position
            ON CONFLICT DO NOTHING
            """)
    }

    public func quarantined(merchantID: String?, limit: Int) throws(MicrobillingError) -> [QuarantinedDeposit] {
        let what = "read the quarantine"
        let rows = try session.run(what, """
            SELECT microcheck_id, merchant_id, seal_id, reason, detail, received_at FROM quarantine
            WHERE \(merchantID)::text IS NULL OR merchant_id = \(merchantID) ORDER BY id LIMIT \(Int64(max(0, limit)))
            """)
        return try rows.map { row throws(MicrobillingError) in
            let (microcheckID, merchant, seal, reason, detail, receivedAt) =
                try decode(row, as: (String, String, String, String, String, Int64).self, what)
            return QuarantinedDeposit(microcheckID: microcheckID, merchantID: merchant, sealID: seal, reason: reason, detail: detail,
                                      receivedAt: UTCTime(secondsSince1970: receivedAt))
        }
    }

    public func addFlags(_ flags: [FraudFlag]) throws(MicrobillingError) {
        guard !flags.isEmpty else { return }
        _ = try session.run("record \(flags.count) flags", """
            INSERT INTO flag (subject, rule, detail, at)
            SELECT subject, rule, detail, at
            FROM unnest(\(flags.map(\.subject))::text[], \(flags.map(\.rule.rawValue))::text[],
                        \(flags.map(\.detail))::text[], \(flags.map(\.at.secondsSince1970))::int8[])
                 WITH ORDINALITY AS batch(subject, rule, detail, at, position)
            ORDER BY position
            """)
    }

    public func flags(subject: String) throws(MicrobillingError) -> [FraudFlag] {
        let rows = try session.run("read flags", "SELECT id, subject, rule, detail, at FROM flag WHERE subject = \(subject) ORDER BY id")
        return try rows.map { row throws(MicrobillingError) in
            let (id, subject, rule, detail, at) = try decode(row, as: (Int64, String, String, String, Int64).self, "read flags")
            guard let known = FraudFlag.Rule(rawValue: rule) else {
                throw MicrobillingError(.storage, "flag \(id): unknown rule \"\(rule)\"")
            }
            return FraudFlag(subject: subject, rule: known, detail: detail, at: UTCTime(secondsSince1970: at))
        }
    }

    /// The server's `fsync` and `synchronous_commit` settings, which must both
    /// be "on" for a posted entry to survive a power cut.
    public func durability() throws(MicrobillingError) -> PostgresDurability {
        PostgresDurability(fsync: try setting("fsync"), synchronousCommit: try setting("synchronous_commit"))
    }

    private static let entryColumns = """
        payer, fund, merchant_id, currency, minor_digits, amount_minor, offer_time, nonce, microcheck_id, credential_serial, posted_at
        """

    /// What was posted under each of `keys`, for those already posted, read
    /// by `run` (the session's, or a transaction's inside it).
    private func postings(of keys: [PostingKey], _ run: (String, PostgresQuery) throws(MicrobillingError) -> PostgresQueryResult)
        throws(MicrobillingError) -> [PostingKey: Posting] {
        guard !keys.isEmpty else { return [:] }
        let what = "read postings"
        var postings: [PostingKey: Posting] = [:]
        for row in try run(what, """
            SELECT payer, merchant_id, nonce, microcheck_id, seal_id FROM entry
            WHERE (payer, merchant_id, nonce) IN (SELECT * FROM unnest(\(keys.map(\.payer))::text[], \(keys.map(\.merchantID))::text[],
                                                                       \(keys.map(\.nonce))::text[]))
            """) {
            let (payer, merchantID, nonce, microcheckID, seal) = try decode(row, as: (String, String, String, String, String).self, what)
            postings[PostingKey(payer: payer, merchantID: merchantID, nonce: nonce)] = Posting(microcheckID: microcheckID, sealID: seal)
        }
        return postings
    }

    private func setting(_ name: String) throws(MicrobillingError) -> String {
        // SHOW takes no bound parameters; `current_setting` does.
        let rows = try session.run("read setting \(name)", "SELECT current_setting(\(name))")
        guard let row = rows.first else { throw MicrobillingError(.storage, "read setting \(name): no row") }
        return try decode(row, as: String.self, "read setting \(name)")
    }

    private func createSchema() throws(MicrobillingError) {
        let what = "create the ledger's tables"
        try session.transaction(what) { transaction throws(MicrobillingError) in
            _ = try transaction.run(what, "SELECT pg_advisory_xact_lock(\(PostgresLedgerSchema.advisoryLock))")
            for statement in PostgresLedgerSchema.statements { _ = try transaction.run(what, statement) }
            // Tables made by an earlier version are kept by IF NOT EXISTS: say so rather than fail on the first post.
            let columns = try transaction.run(what, """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'entry' AND column_name = 'seal_id'
                """)
            guard !columns.isEmpty else {
                throw MicrobillingError(.storage, "the database's ledger tables predate sealed deposits (entry has no seal_id); "
                                        + "migrate them or point clearing at a new database")
            }
        }
    }

    private func entries(_ what: String, _ query: PostgresQuery) throws(MicrobillingError) -> [LedgerEntry] {
        try session.run(what, query).map { row throws(MicrobillingError) in try Self.entry(row, what).entry }
    }

    /// An entry from the first eleven columns (``entryColumns``) and the seal from a twelfth, when there is one.
    private static func entry(_ row: PostgresRow, _ what: String) throws(MicrobillingError) -> (entry: LedgerEntry, seal: String?) {
        let columns = row.makeRandomAccess()
        func column<Value: PostgresDecodable>(_ index: Int, _ type: Value.Type) throws(MicrobillingError) -> Value {
            do {
                return try columns[index].decode(type)
            } catch {
                throw MicrobillingError(.storage, "\(what): \(PostgresFailure.describe(error))")
            }
        }
        let minorDigits = try column(4, Int64.self)
        guard let digits = Int(exactly: minorDigits) else {
            throw MicrobillingError(.storage, "\(what): minor digits \(minorDigits) out of range")
        }
        let currency = try Currency(code: try column(3, String.self), minorDigits: digits)
        let entry = LedgerEntry(payer: try column(0, String.self), fund: try column(1, String.self), merchantID: try column(2, String.self),
                                amount: try Money(minorUnits: try column(5, Int64.self), currency: currency),
                                time: UTCTime(secondsSince1970: try column(6, Int64.self)), nonce: try column(7, String.self),
                                microcheckID: try column(8, String.self), credentialSerial: try column(9, String.self),
                                postedAt: UTCTime(secondsSince1970: try column(10, Int64.self)))
        return (entry, columns.count > 11 ? try column(11, String.self) : nil)
    }
}

private func decode<each Column: PostgresDecodable>(_ row: PostgresRow, as type: (repeat each Column).Type,
                                                    _ what: String) throws(MicrobillingError) -> (repeat each Column) {
    do {
        return try row.decode(type)
    } catch {
        throw MicrobillingError(.storage, "\(what): \(PostgresFailure.describe(error))")
    }
}
