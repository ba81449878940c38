import Microbilling

/// Where clearing's PostgreSQL ledger lives: a server reached over TCP
/// without TLS (loopback or a trusted network), a role and a database.
public struct PostgresLedgerConfiguration: Sendable, Hashable {
    /// The server's host name or address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// The database holding the ledger.
    public var database: String
    /// The role's password, nil when the server trusts the connection.
    public var password: String?

    /// Creates a configuration.
    public init(host: String, port: Int = 5432, user: String, database: String, password: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
    }

    /// Reads libpq-style `keyword=value` pairs separated by spaces, for
    /// example `host=127.0.0.1 port=54329 user=postgres dbname=microcheck`.
    ///
    /// `host`, `user` and `dbname` are required; `port` (5432 by default) and
    /// `password` are optional. Values cannot contain spaces or quotes.
    /// - Throws: ``MicrobillingError`` (`.invalidValue`) naming the bad or
    ///   missing keyword.
    public init(connectionString: String) throws(MicrobillingError) {
        var values: [String: String] = [:]
        for pair in connectionString.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw MicrobillingError(.invalidValue, "PostgreSQL connection string: \"\(pair)\" is not keyword=value")
            }
            let keyword = String(parts[0])
            guard ["host", "port", "user", "dbname", "password"].contains(keyword) else {
                throw MicrobillingError(.invalidValue, "PostgreSQL connection string: unknown keyword \"\(keyword)\"")
            }
            guard values.updateValue(String(parts[1]), forKey: keyword) == nil else {
                throw MicrobillingError(.invalidValue, "PostgreSQL connection string: \"\(keyword)\" given twice")
            }
        }
        func required(_ keyword: String) throws(MicrobillingError) -> String {
            guard let value = values[keyword] else {
                throw MicrobillingError(.invalidValue, "PostgreSQL connection string: \"\(keyword)\" is missing")
            }
            return value
        }
        var port = 5432
        if let text = values["port"] {
            guard let number = Int(text), (1...65_535).contains(number) else {
                throw MicrobillingError(.invalidValue, "PostgreSQL connection string: port \"\(text)\" is not a TCP port")
            }
            port = number
        }
        self.init(host: try required("host"), port: port, user: try required("user"), database: try required("dbname"),
                  password: values["password"])
    }
}
