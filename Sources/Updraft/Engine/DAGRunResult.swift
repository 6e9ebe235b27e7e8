import Foundation

/// The outcome of a run: its state, every task instance with its tries, XCom values and logs.
///
/// Everything about one task is asked the same way, by task id: ``state(of:)``, ``tries(of:)``,
/// ``logLines(of:tryNumber:)`` and ``xcom(_:from:key:)`` (which reads like `context.xcom.pull(_:from:)`); the whole
/// run at once is ``state``, ``taskStates`` and ``taskInstances``.
public struct DAGRunResult: Sendable {
    /// The run.
    public let run: DAGRunRecord
    /// Task instances in the DAG's order, by task id with `taskInstances["extract"]`.
    public let taskInstances: TaskInstanceTable
    /// The run's task logs: in memory, or in files when the engine has a log directory.
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

    /// Every task's state by task id, for asserting on a whole run at once.
    public var taskStates: [String: TaskInstanceState] {
        Dictionary(taskInstances.map { ($0.taskID, $0.state) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every task's state by task id.
    @available(*, deprecated, renamed: "taskStates")
    public func states() -> [String: TaskInstanceState] { taskStates }

    /// The state of `taskID` (nil for an unknown task).
    public func state(of taskID: String) -> TaskInstanceState? { taskInstances[taskID]?.state }

    /// The tries of `taskID` so far, first try first (empty for an unknown task or one that never started).
    public func tries(of taskID: String) -> [TryRecord] { taskInstances[taskID]?.tries ?? [] }

    /// `taskID`'s result (or another XCom key) decoded as `T`.
    ///
    /// An ``InMemoryRunStore`` releases old runs (see ``RunRetention``): pin a run to read its values long after.
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
