import Foundation

/// The outcome of a run: its state, every task instance with its tries, XCom values and logs.
public struct DAGRunResult: Sendable {
    /// The run.
    public let run: DAGRunRecord
    /// Task instances in the DAG's order, by task id with `taskInstances["extract"]`.
    public let taskInstances: TaskInstanceTable
    /// The captured task logs.
    public let logs: TaskLogStore
    /// The store holding the run's XCom values.
    public let store: any RunStore

    /// Creates a result.
    public init(run: DAGRunRecord, taskInstances: TaskInstanceTable, logs: TaskLogStore,
                store: any RunStore) {
        self.run = run
        self.taskInstances = taskInstances
        self.logs = logs
        self.store = store
    }

    /// The run's state.
    public var state: DAGRunState { run.state }

    /// The state of `taskID` (nil for an unknown task).
    public func state(of taskID: String) -> TaskInstanceState? { taskInstances[taskID]?.state }

    /// Every task's state by task id, for asserting on a whole run at once.
    public func states() -> [String: TaskInstanceState] {
        Dictionary(taskInstances.map { ($0.taskID, $0.state) }, uniquingKeysWith: { first, _ in first })
    }

    /// `taskID`'s result (or another XCom key) decoded as `T`.
    /// - Throws: `DecodingError` when the value is not a `T`.
    public func xcom<T: Decodable>(_ type: T.Type, from taskID: String,
                                   key: String = XComAccess.returnValueKey) async throws -> T? {
        guard let value = try await store.xcom(key: key, taskID: taskID, dagID: run.dagID, runID: run.runID),
              value != .null else { return nil }
        return try value.decode(T.self)
    }

    /// The log lines of `taskID`: one try (1-based), or every try when `tryNumber` is nil.
    public func logLines(of taskID: String, tryNumber: Int? = nil) -> [TaskLogLine] {
        logs.lines(taskID: taskID, tryNumber: tryNumber)
    }
}
