import PostgresNIO

/// Words for a database error. `PSQLError`'s own description hides
/// everything; this one gives the server's SQLSTATE and message, or the
/// client-side cause, and never the query's bound values.
enum PostgresFailure {
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let server = error.serverInfo {
                let state = server[.sqlState] ?? "?????"
                let message = server[.message] ?? "no message"
                return "server refused (SQLSTATE \(state)): \(message)"
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        if let error = error as? PostgresDecodingError {
            return "column \(error.columnName) (\(error.postgresType)) is not a \(error.targetType)"
        }
        return "\(error)"
    }
}
