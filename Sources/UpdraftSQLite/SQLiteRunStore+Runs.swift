public import Foundation
import GRDB
public import Updraft

extension SQLiteRunStore {
    public func createRun(_ run: DAGRunRecord) async throws {
        let arguments = try Self.runArguments(run)
        let key = try await exclusiveWrite { db -> Int64 in
            if try Int64.fetchOne(db, sql: "SELECT id FROM dag_run WHERE dag_id = ? AND run_id = ?",
                                  arguments: [run.dagID, run.runID]) != nil {
                throw RunStoreError.runExists(dagID: run.dagID, runID: run.runID)
            }
            if run.runType != .manual, let taken = try String.fetchOne(db, sql: """
                SELECT run_id FROM dag_run WHERE dag_id = ? AND logical_date = ? AND run_type != 'manual'
                """, arguments: [run.dagID, run.logicalDate.timeIntervalSince1970]) {
                throw RunStoreError.logicalDateTaken(dagID: run.dagID, logicalDate: run.logicalDate.formatted(.iso8601),
                                                     existingRunID: taken)
            }
            try db.execute(sql: "INSERT INTO dag_run (\(Self.runColumns)) VALUES (\(Self.runPlaceholders))",
                           arguments: arguments)
            return db.lastInsertedRowID
        }
        remember(key, for: RunKey(dagID: run.dagID, runID: run.runID))
        changes.signal()
    }

    public func saveRun(_ run: DAGRunRecord) async throws {
        let arguments = try Self.runArguments(run)
        let updates = Self.runColumnList.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let finished = run.state.isFinished
        try await writer.commit { db in
            try db.execute(sql: """
                INSERT INTO dag_run (\(Self.runColumns)) VALUES (\(Self.runPlaceholders))
                ON CONFLICT (dag_id, run_id) DO UPDATE SET \(updates)
                """, arguments: arguments)
            // A finished run waits for no slot.
            if finished {
                try db.execute(sql: """
                    DELETE FROM slot_wait WHERE run = (SELECT id FROM dag_run WHERE dag_id = ? AND run_id = ?)
                    """, arguments: [run.dagID, run.runID])
            }
        }
        changes.signal()
    }

    public func run(dagID: String, runID: String) async throws -> DAGRunRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.runColumns) FROM dag_run WHERE dag_id = ? AND run_id = ?",
                             arguments: [dagID, runID]).map(Self.runRecord)
        }
    }

    public func previousRun(dagID: String, before logicalDate: Date) async throws -> DAGRunRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT \(Self.runColumns) FROM dag_run WHERE dag_id = ? AND logical_date < ?
                ORDER BY logical_date DESC LIMIT 1
                """, arguments: [dagID, logicalDate.timeIntervalSince1970]).map(Self.runRecord)
        }
    }

    public func runs(matching query: RunQuery) async throws -> [DAGRunRecord] {
        let (filter, arguments) = Self.whereClause(query)
        let order = query.oldestFirst ? "ASC" : "DESC"
        var sql = "SELECT \(Self.runColumns) FROM dag_run\(filter) ORDER BY logical_date \(order), run_id \(order)"
        var all = arguments
        sql += " LIMIT ? OFFSET ?"
        all += [query.limit ?? -1, query.offset]
        let finalSQL = sql
        let finalArguments = all
        return try await read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map(Self.runRecord)
        }
    }

    public func countRuns(matching query: RunQuery) async throws -> Int {
        let (filter, arguments) = Self.whereClause(query)
        return try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dag_run\(filter)", arguments: arguments) ?? 0
        }
    }

    public func deleteRun(dagID: String, runID: String) async throws -> Bool {
        forget(RunKey(dagID: dagID, runID: runID))
        let deleted = try await exclusiveWrite { db in
            try db.execute(sql: "DELETE FROM dag_run WHERE dag_id = ? AND run_id = ?", arguments: [dagID, runID])
            return db.changesCount > 0
        }
        changes.signal()
        return deleted
    }

    // MARK: Rows

    static let runColumnList = [
        "dag_id", "run_id", "logical_date", "run_type", "state", "start_date", "end_date", "params", "conf", "note",
        "data_interval_start", "data_interval_end", "run_after",
    ]
    static let runColumns = runColumnList.joined(separator: ", ")
    static let runPlaceholders = Array(repeating: "?", count: runColumnList.count).joined(separator: ", ")

    static func runArguments(_ run: DAGRunRecord) throws -> StatementArguments {
        [
            run.dagID, run.runID, run.logicalDate.timeIntervalSince1970, run.runType.rawValue, run.state.rawValue,
            SQLiteValues.seconds(run.startDate), SQLiteValues.seconds(run.endDate), try StoredValues.json(run.params),
            try StoredValues.json(run.conf), run.note, SQLiteValues.seconds(run.dataIntervalStart),
            SQLiteValues.seconds(run.dataIntervalEnd), SQLiteValues.seconds(run.runAfter),
        ]
    }

    static func runRecord(_ row: Row) throws -> DAGRunRecord {
        DAGRunRecord(
            dagID: row["dag_id"], runID: row["run_id"], logicalDate: Date(timeIntervalSince1970: row["logical_date"]),
            state: try StoredValues.state(row["state"], column: "dag_run.state"),
            startDate: SQLiteValues.date(row["start_date"]), endDate: SQLiteValues.date(row["end_date"]),
            params: try StoredValues.decodeJSON([String: JSONValue].self, row["params"], column: "dag_run.params"),
            note: row["note"], runType: try StoredValues.state(row["run_type"], column: "dag_run.run_type"),
            conf: try StoredValues.decodeJSON([String: JSONValue].self, row["conf"], column: "dag_run.conf"),
            dataIntervalStart: SQLiteValues.date(row["data_interval_start"]),
            dataIntervalEnd: SQLiteValues.date(row["data_interval_end"]), runAfter: SQLiteValues.date(row["run_after"]))
    }

    private static func whereClause(_ query: RunQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let dagID = query.dagID {
            conditions.append("dag_id = ?")
            arguments += [dagID]
        }
        if let states = query.states {
            conditions.append(states.isEmpty ? "0" : "state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(states.map(\.rawValue).sorted())
        }
        if let types = query.runTypes {
            conditions.append(types.isEmpty ? "0" : "run_type IN (\(types.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(types.map(\.rawValue).sorted())
        }
        if let from = query.logicalDateFrom {
            conditions.append("logical_date >= ?")
            arguments += [from.timeIntervalSince1970]
        }
        if let before = query.logicalDateBefore {
            conditions.append("logical_date < ?")
            arguments += [before.timeIntervalSince1970]
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), arguments)
    }
}
