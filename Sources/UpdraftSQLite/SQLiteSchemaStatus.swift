import GRDB

/// Which schema migrations a database has, and how they compare with this Updraft's.
public struct SQLiteSchemaStatus: Sendable, Hashable {
    /// Migrations applied to the database, in order.
    public var applied: [String]
    /// Migrations this Updraft knows and the database lacks (`db upgrade` applies them).
    public var pending: [String]
    /// Migrations the database has and this Updraft does not know: it was written by a newer version.
    public var unknown: [String]

    init(_ db: Database) throws {
        let migrator = SQLiteSchema.migrator
        let known = migrator.migrations
        let appliedIDs = try db.tableExists("grdb_migrations")
            ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        applied = known.filter(appliedIDs.contains)
        pending = known.filter { !appliedIDs.contains($0) }
        unknown = appliedIDs.filter { !known.contains($0) }.sorted()
    }
}
