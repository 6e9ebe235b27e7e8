import Logging
import PostgresNIO
import PostgresTestSupport

/// Counts the statements the server executed for one database, from `pg_stat_statements`: each statement the store
/// sends is one round trip (PostgresNIO sends Parse/Bind/Execute/Sync in one flight and waits for the answer).
struct StatementCounter {
    let server: PostgresTestServer
    let database: String

    /// Clears the counts.
    func reset() async throws {
        try await server.execute("SELECT pg_stat_statements_reset()", database: database)
    }

    /// Statements executed since the last reset, by normalized text (the counter's own queries left out).
    func counts() async throws -> [(statement: String, calls: Int)] {
        try await server.withAdminConnection(database: database) { connection in
            try await connection.query("""
                SELECT regexp_replace(query, '\\s+', ' ', 'g'), calls::int8 FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                    AND query NOT LIKE '%pg_stat_statements%'
                ORDER BY calls DESC
                """, logger: Logger(label: "benchmark")).collect().map { row in
                let (statement, calls) = try row.decode((String, Int64).self)
                return (statement, Int(calls))
            }
        }
    }
}
