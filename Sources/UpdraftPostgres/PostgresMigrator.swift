import Logging
import PostgresNIO
import Updraft

/// Brings a database's schema up to date, once however many replicas start together: every opening store takes
/// the same session-level advisory lock first, so one migrates while the others wait, then find nothing to do.
enum PostgresMigrator {
    /// The advisory lock's key: "updraft" in ASCII. Advisory locks are per database.
    static let lockKey: Int64 = 0x75_70_64_72_61_66_74

    /// Checks the schema and applies pending migrations (when `upgrade` allows); returns the names it applied.
    /// - Throws: `RunStoreError.storage` for a database of a newer Updraft, or one needing an
    ///   upgrade when `upgrade` is false; the database is left untouched in both cases.
    static func migrate(_ connection: PostgresConnection, upgrade: Bool, location: String, logger: Logger)
        async throws -> [String] {
        // Released by the unlock below, or by the session's end when this throws (the caller closes it).
        try await execute("SELECT pg_advisory_lock(\(lockKey))", on: connection, logger: logger)
        let status = try await PostgresSchemaStatus(connection, logger: logger)
        if !status.unknown.isEmpty {
            throw RunStoreError.storage(location: location, message: """
                the database was written by a newer Updraft (unknown schema migrations: \
                \(status.unknown.joined(separator: ", "))); upgrade Updraft to use it — it was left untouched
                """)
        }
        var applied: [String] = []
        for migration in PostgresSchema.migrations where status.pending.contains(migration.name) {
            guard upgrade else {
                throw RunStoreError.storage(location: location, message: """
                    the database schema needs an upgrade (pending: \(status.pending.joined(separator: ", "))); \
                    run `db upgrade`
                    """)
            }
            try await connection.withTransaction(logger: logger) { connection in
                try await execute("CREATE SCHEMA IF NOT EXISTS updraft", on: connection, logger: logger)
                for statement in [PostgresSchema.migrationsTable] + migration.statements {
                    try await execute(PostgresQuery(unsafeSQL: statement), on: connection, logger: logger)
                }
                try await execute("""
                    INSERT INTO updraft.schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))
                    """, on: connection, logger: logger)
            }
            logger.info("applied schema migration", metadata: ["migration": "\(migration.name)"])
            applied.append(migration.name)
        }
        try await execute("SELECT pg_advisory_unlock(\(lockKey))", on: connection, logger: logger)
        return applied
    }

    private static func execute(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger)
        async throws {
        _ = try await connection.query(query, logger: logger).collect()
    }
}
