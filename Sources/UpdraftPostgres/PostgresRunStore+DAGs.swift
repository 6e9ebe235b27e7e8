import Foundation
import PostgresNIO
public import Updraft

extension PostgresRunStore {
    public func registerDAG(_ record: DAGRecord) async throws -> DAGRecord {
        let tags = try StoredValues.json(record.tags)
        let owners = try StoredValues.json(record.owners)
        // A DAG the store knows keeps its paused flag: pausing is the user's, the rest is the DAG's.
        let rows = try await exclusiveWrite("""
            WITH registered AS (
                INSERT INTO updraft.dag (dag_id, is_paused, description, schedule, timetable, time_zone, tags, owners,
                    max_active_runs, max_active_tasks, next_logical_date, next_run_after, last_seen_at)
                VALUES (\(record.dagID), \(record.isPaused), \(record.description), \(record.schedule),
                    \(record.timetable), \(record.timeZone), \(tags)::json, \(owners)::json, \(record.maxActiveRuns),
                    \(record.maxActiveTasks), \(record.nextLogicalDate), \(record.nextRunAfter), \(record.lastSeenAt))
                ON CONFLICT (dag_id) DO UPDATE SET description = excluded.description, schedule = excluded.schedule,
                    timetable = excluded.timetable, time_zone = excluded.time_zone, tags = excluded.tags,
                    owners = excluded.owners, max_active_runs = excluded.max_active_runs,
                    max_active_tasks = excluded.max_active_tasks, next_logical_date = excluded.next_logical_date,
                    next_run_after = excluded.next_run_after, last_seen_at = excluded.last_seen_at
                RETURNING is_paused)
            SELECT is_paused, \(unescaped: PostgresChangeSignal.notification) FROM registered
            """, idempotent: true)
        changes.signal()
        var stored = record
        stored.isPaused = try rows.first?.decode(Bool.self) ?? record.isPaused
        return stored
    }

    public func setPaused(_ paused: Bool, dagID: String) async throws {
        let rows = try await exclusiveWrite("""
            WITH updated AS (UPDATE updraft.dag SET is_paused = \(paused) WHERE dag_id = \(dagID) RETURNING dag_id)
            SELECT dag_id, \(unescaped: PostgresChangeSignal.notification) FROM updated
            """, idempotent: true)
        if rows.isEmpty { throw RunStoreError.dagNotFound(dagID: dagID) }
        changes.signal()
    }

    public func dag(dagID: String) async throws -> DAGRecord? {
        try await read("SELECT \(unescaped: Self.dagSelection) FROM updraft.dag WHERE dag_id = \(dagID)")
            .first.map(Self.dagRecord)
    }

    public func dags() async throws -> [DAGRecord] {
        // By id in code-point order, as SQLite and the in-memory store sort, whatever the database's collation.
        try await read("SELECT \(unescaped: Self.dagSelection) FROM updraft.dag ORDER BY dag_id COLLATE \"C\"")
            .map(Self.dagRecord)
    }

    public func dags(matching query: DAGQuery) async throws -> [DAGRecord] {
        var sql = PostgresSQL("SELECT \(Self.dagSelection) FROM updraft.dag")
        Self.filter(query, into: &sql)
        sql.append(" ORDER BY dag_id COLLATE \"C\" LIMIT \(sql.bind(query.limit)) OFFSET \(sql.bind(query.offset))")
        return try await read(sql.query).map(Self.dagRecord)
    }

    public func countDAGs(matching query: DAGQuery) async throws -> Int {
        var sql = PostgresSQL("SELECT count(*) FROM updraft.dag")
        Self.filter(query, into: &sql)
        return try await read(sql.query).first?.decode(Int.self) ?? 0
    }

    private static func filter(_ query: DAGQuery, into sql: inout PostgresSQL) {
        var conditions: [String] = []
        if let text = query.idContaining, !text.isEmpty {
            conditions.append("strpos(lower(dag_id), lower(\(sql.bind(text)))) > 0")
        }
        if let paused = query.paused { conditions.append("is_paused = \(sql.bind(paused))") }
        if !conditions.isEmpty { sql.append(" WHERE " + conditions.joined(separator: " AND ")) }
    }

    private static let dagSelection = """
        dag_id, is_paused, description, schedule, timetable, time_zone, tags::text, owners::text, max_active_runs,
        max_active_tasks, next_logical_date, next_run_after, last_seen_at
        """

    private static func dagRecord(_ row: PostgresRow) throws -> DAGRecord {
        let (dagID, isPaused, description, schedule, timetable, timeZone, tags, owners, maxActiveRuns, maxActiveTasks,
             nextLogicalDate, nextRunAfter, lastSeenAt) = try row.decode(
                (String, Bool, String?, String, String, String, String, String, Int, Int, Date?, Date?, Date?).self)
        return DAGRecord(
            dagID: dagID, isPaused: isPaused, description: description, schedule: schedule, timetable: timetable,
            timeZone: timeZone, tags: try StoredValues.decodeJSON([String].self, tags, column: "dag.tags"),
            owners: try StoredValues.decodeJSON([String].self, owners, column: "dag.owners"),
            maxActiveRuns: maxActiveRuns, maxActiveTasks: maxActiveTasks, nextLogicalDate: nextLogicalDate,
            nextRunAfter: nextRunAfter, lastSeenAt: lastSeenAt)
    }
}
