import Logging
import PostgresNIO

/// Which schema migrations a database has, and how they compare with this Updraft's (`db check`).
public struct PostgresSchemaStatus: Sendable, Hashable {
    /// Migrations applied to the database, oldest first.
    public var applied: [String]
    /// Migrations this Updraft knows and the database lacks (opening the store with `upgrade: true` applies them).
    public var pending: [String]
    /// Migrations the database has and this Updraft does not know: a newer Updraft wrote it.
    public var unknown: [String]

    /// Reads the database's migrations; a database without the migrations table has none.
    init(_ connection: PostgresConnection, logger: Logger) async throws {
        let exists = try await connection.query(
            "SELECT to_regclass('updraft.schema_migrations') IS NOT NULL", logger: logger).collect()
        var recorded: [(Int, String)] = []
        if try exists.first?.decode(Bool.self) == true {
            for try await row in try await connection.query(
                "SELECT version, name FROM updraft.schema_migrations ORDER BY version", logger: logger) {
                recorded.append(try row.decode((Int, String).self))
            }
        }
        let known = PostgresSchema.migrations
        let appliedVersions = Set(recorded.map(\.0))
        applied = known.filter { appliedVersions.contains($0.version) }.map(\.name)
        pending = known.filter { !appliedVersions.contains($0.version) }.map(\.name)
        let knownVersions = Set(known.map(\.version))
        unknown = recorded.filter { !knownVersions.contains($0.0) }.map { "\($0.1) (version \($0.0))" }
    }
}
