import Updraft

/// One queued write of the group-committing writer (see ``PostgresWriter``).
enum PostgresChange: Sendable {
    /// Task instances of a run with their tries (the engine's batches).
    case taskInstances(run: Int64, [TaskInstanceRecord])
    /// How to find a try's remote work.
    case externalHandle(run: Int64, taskID: String, tryNumber: Int, ExternalHandle)
    /// An XCom value.
    case xcom(run: Int64, taskID: String, key: String, JSONValue)
    /// Every XCom value of a task in a run removed.
    case clearXComs(run: Int64, taskID: String)
    /// A run's record replaced (or created).
    case run(DAGRunRecord)
}
