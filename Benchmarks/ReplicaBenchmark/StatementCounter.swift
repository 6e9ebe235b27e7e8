import Logging
import PostgresNIO
import PostgresTestSupport

/// Counts the statements the replicas sent, from `pg_stat_statements` (top-level statements: each is one round trip,
/// since PostgresNIO sends Parse/Bind/Execute/Sync in one flight and waits for the answer). The replicas log in as
/// their own role (``ReplicaBenchmarkSetup/replicaRole``), so the benchmark's own statements (triggers, waiting
/// reads, lease probes) are left out.
struct StatementCounter {
    let server: PostgresTestServer
    let role: String

    /// Clears the counts.
    func reset() async throws {
        try await server.execute("SELECT pg_stat_statements_reset()")
    }

    /// Statements the role executed since the last reset, and the calls of the most frequent ones.
    func counts() async throws -> (total: Int, top: [(statement: String, calls: Int)]) {
        let rows = try await server.withAdminConnection { connection in
            try await connection.query("""
                SELECT regexp_replace(query, '\\s+', ' ', 'g'), calls::int8 FROM pg_stat_statements
                WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = \(role))
                ORDER BY calls DESC
                """, logger: Logger(label: "benchmark")).collect().map { row in
                let (statement, calls) = try row.decode((String, Int64).self)
                return (statement: statement, calls: Int(calls))
            }
        }
        return (rows.reduce(0) { $0 + $1.calls }, Array(rows.prefix(6)))
    }
}
