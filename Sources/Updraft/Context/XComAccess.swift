/// Reads and writes XCom values of the current run (Airflow's `ti.xcom_pull` / `ti.xcom_push`).
public struct XComAccess: Sendable {
    /// The key under which a task's result is stored.
    public static let returnValueKey = "return_value"

    let store: any RunStore
    let dagID: String
    let runID: String
    let taskID: String

    /// The value `taskID` pushed under `key` (its result by default), decoded as `T`; nil when there is none.
    /// - Throws: `DecodingError` when the value is not a `T`; the store's errors.
    public func pull<T: Decodable>(_ type: T.Type, from taskID: String, key: String = returnValueKey) async throws -> T? {
        guard let value = try await pullValue(from: taskID, key: key), value != .null else { return nil }
        return try value.decode(T.self)
    }

    /// The raw JSON value `taskID` pushed under `key`.
    public func pullValue(from taskID: String, key: String = returnValueKey) async throws -> JSONValue? {
        try await store.xcom(key: key, taskID: taskID, dagID: dagID, runID: runID)
    }

    /// Pushes a value for the current task under `key`, available to other tasks at once (for example a pod name,
    /// or a remote execution id, before the task ends).
    public func push(_ value: some Encodable & Sendable, key: String) async throws {
        try await store.setXCom(try JSONValue(encoding: value), key: key, taskID: taskID, dagID: dagID, runID: runID)
    }
}
