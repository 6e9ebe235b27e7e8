public import Updraft
import PostgresNIO

extension PostgresRunStore {
    public func setXCom(_ value: JSONValue, key: String, taskID: String, dagID: String, runID: String) async throws {
        let run = try await runKey(dagID: dagID, runID: runID)
        try writer.enqueue(.xcom(run: run, taskID: taskID, key: key, value))
    }

    public func xcom(key: String, taskID: String, dagID: String, runID: String) async throws -> JSONValue? {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return nil }
        return try await read("""
            SELECT value::text FROM updraft.xcom WHERE run = \(run) AND task_id = \(taskID) AND key = \(key)
            """).first.map { try StoredValues.decodeJSON(JSONValue.self, try $0.decode(String.self), column: "xcom.value") }
    }

    public func xcoms(dagID: String, runID: String, taskID: String?) async throws -> [XComRecord] {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return [] }
        return try await read("""
            SELECT task_id, key, value::text FROM updraft.xcom
            WHERE run = \(run) AND (\(taskID)::text IS NULL OR task_id = \(taskID)) ORDER BY task_id, key
            """).map { row in
            let (task, key, value) = try row.decode((String, String, String).self)
            return XComRecord(taskID: task, key: key,
                              value: try StoredValues.decodeJSON(JSONValue.self, value, column: "xcom.value"))
        }
    }

    public func clearXComs(taskID: String, dagID: String, runID: String) async throws {
        let run = try await runKey(dagID: dagID, runID: runID)
        try writer.enqueue(.clearXComs(run: run, taskID: taskID))
    }
}
