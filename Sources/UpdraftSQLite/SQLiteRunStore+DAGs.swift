import Foundation
import GRDB
public import Updraft

extension SQLiteRunStore {
    public func registerDAG(_ record: DAGRecord) async throws -> DAGRecord {
        let arguments: StatementArguments = [
            record.dagID, record.isPaused, record.description, record.schedule, record.timetable, record.timeZone,
            try StoredValues.json(record.tags), try StoredValues.json(record.owners), record.maxActiveRuns,
            record.maxActiveTasks, SQLiteValues.seconds(record.nextLogicalDate), SQLiteValues.seconds(record.nextRunAfter),
            SQLiteValues.seconds(record.lastSeenAt),
        ]
        let paused = try await exclusiveWrite { db -> Bool in
            // A DAG the store knows keeps its paused flag: pausing is the user's, the rest is the DAG's.
            try db.execute(sql: """
                INSERT INTO dag (dag_id, is_paused, description, schedule, timetable, time_zone, tags, owners,
                    max_active_runs, max_active_tasks, next_logical_date, next_run_after, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (dag_id) DO UPDATE SET description = excluded.description, schedule = excluded.schedule,
                    timetable = excluded.timetable, time_zone = excluded.time_zone, tags = excluded.tags,
                    owners = excluded.owners, max_active_runs = excluded.max_active_runs,
                    max_active_tasks = excluded.max_active_tasks, next_logical_date = excluded.next_logical_date,
                    next_run_after = excluded.next_run_after, last_seen_at = excluded.last_seen_at
                """, arguments: arguments)
            return try Bool.fetchOne(db, sql: "SELECT is_paused FROM dag WHERE dag_id = ?", arguments: [record.dagID])
                ?? record.isPaused
        }
        changes.signal()
        var stored = record
        stored.isPaused = paused
        return stored
    }

    public func setPaused(_ paused: Bool, dagID: String) async throws {
        try await exclusiveWrite { db in
            try db.execute(sql: "UPDATE dag SET is_paused = ? WHERE dag_id = ?", arguments: [paused, dagID])
            if db.changesCount == 0 { throw RunStoreError.dagNotFound(dagID: dagID) }
        }
        changes.signal()
    }

    public func dag(dagID: String) async throws -> DAGRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dag WHERE dag_id = ?", arguments: [dagID]).map(Self.dagRecord)
        }
    }

    public func dags() async throws -> [DAGRecord] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM dag ORDER BY dag_id").map(Self.dagRecord) }
    }

    public func dags(matching query: DAGQuery) async throws -> [DAGRecord] {
        let (filter, arguments) = Self.whereClause(query)
        let all = arguments + [query.limit ?? -1, query.offset]
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dag\(filter) ORDER BY dag_id LIMIT ? OFFSET ?", arguments: all)
                .map(Self.dagRecord)
        }
    }

    public func countDAGs(matching query: DAGQuery) async throws -> Int {
        let (filter, arguments) = Self.whereClause(query)
        return try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dag\(filter)", arguments: arguments) ?? 0 }
    }

    private static func whereClause(_ query: DAGQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let text = query.idContaining, !text.isEmpty {
            // DAG ids are ASCII (letters, digits, `_`, `-`, `.`), which SQLite's lower() folds.
            conditions.append("instr(lower(dag_id), lower(?)) > 0")
            arguments += [text]
        }
        if let paused = query.paused {
            conditions.append("is_paused = ?")
            arguments += [paused]
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    public func changeSignals() -> AsyncStream<Void> { changes.stream() }

    private static func dagRecord(_ row: Row) throws -> DAGRecord {
        DAGRecord(
            dagID: row["dag_id"], isPaused: row["is_paused"], description: row["description"], schedule: row["schedule"],
            timetable: row["timetable"], timeZone: row["time_zone"],
            tags: try StoredValues.decodeJSON([String].self, row["tags"], column: "dag.tags"),
            owners: try StoredValues.decodeJSON([String].self, row["owners"], column: "dag.owners"),
            maxActiveRuns: row["max_active_runs"], maxActiveTasks: row["max_active_tasks"],
            nextLogicalDate: SQLiteValues.date(row["next_logical_date"]),
            nextRunAfter: SQLiteValues.date(row["next_run_after"]), lastSeenAt: SQLiteValues.date(row["last_seen_at"]))
    }
}
