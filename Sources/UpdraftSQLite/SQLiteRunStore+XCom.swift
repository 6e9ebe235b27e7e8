import Foundation
import GRDB
public import Updraft

extension SQLiteRunStore {
    public func setXCom(_ value: JSONValue, key: String, taskID: String, dagID: String, runID: String) async throws {
        let run = try await runKey(dagID: dagID, runID: runID)
        let json = try StoredValues.json(value)
        try writer.enqueue { db in
            try db.cachedStatement(sql: """
                INSERT INTO xcom (run, task_id, key, value) VALUES (?, ?, ?, ?)
                ON CONFLICT (run, task_id, key) DO UPDATE SET value = excluded.value
                """).execute(arguments: [run, taskID, key, json])
        }
    }

    public func xcom(key: String, taskID: String, dagID: String, runID: String) async throws -> JSONValue? {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return nil }
        return try await read { db in
            try String.fetchOne(db, sql: "SELECT value FROM xcom WHERE run = ? AND task_id = ? AND key = ?",
                                arguments: [run, taskID, key])
                .map { try StoredValues.decodeJSON(JSONValue.self, $0, column: "xcom.value") }
        }
    }

    public func xcoms(dagID: String, runID: String, taskID: String?) async throws -> [XComRecord] {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return [] }
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT task_id, key, value FROM xcom WHERE run = ? AND (? IS NULL OR task_id = ?) ORDER BY task_id, key
                """, arguments: [run, taskID, taskID])
            return try rows.map { row in
                XComRecord(taskID: row["task_id"], key: row["key"],
                           value: try StoredValues.decodeJSON(JSONValue.self, row["value"], column: "xcom.value"))
            }
        }
    }

    public func clearXComs(taskID: String, dagID: String, runID: String) async throws {
        let run = try await runKey(dagID: dagID, runID: runID)
        try writer.enqueue { db in
            try db.cachedStatement(sql: "DELETE FROM xcom WHERE run = ? AND task_id = ?").execute(arguments: [run, taskID])
        }
    }
}
