public import Foundation

/// Where the engine keeps run and task-instance state and XCom values, so that a run can be inspected, and an
/// interrupted run resumed from it.
///
/// ``InMemoryRunStore`` keeps recent runs in the process; a durable store (SQLite) implements the same protocol.
/// Every state change of a run flows through these methods: a store sees a run created once
/// (``createRun(_:)``), then saved as it starts and ends (``saveRun(_:)``), and its task instances written in
/// batches as they change.
public protocol RunStore: Sendable {
    /// Creates run `run`, unless the store already holds a run of `run.dagID` with `run.runID`.
    ///
    /// The check and the write are one atomic step, so that of several callers creating the same run exactly one
    /// succeeds (in SQL: an `INSERT` into a table whose primary key is `(dag_id, run_id)`, a unique-constraint
    /// violation reported as ``RunAlreadyExists``). The engine creates every new run this way before it runs a
    /// task, and resumes an existing run only when its caller asks to.
    /// - Throws: ``RunAlreadyExists`` when the run exists; the store's own errors otherwise.
    func createRun(_ run: DAGRunRecord) async throws
    /// Creates or replaces a run.
    func saveRun(_ run: DAGRunRecord) async throws
    /// The run `runID` of `dagID`, if stored.
    func run(dagID: String, runID: String) async throws -> DAGRunRecord?
    /// The latest run of `dagID` whose logical date is before `logicalDate`.
    func previousRun(dagID: String, before logicalDate: Date) async throws -> DAGRunRecord?
    /// Creates or replaces a task instance of a run.
    func saveTaskInstance(_ instance: TaskInstanceRecord, dagID: String, runID: String) async throws
    /// Creates or replaces several task instances of a run (the engine writes in batches; its first batch of a run
    /// holds every task instance, pending ones included, as Airflow creates them with the DAG run).
    func saveTaskInstances(_ instances: [TaskInstanceRecord], dagID: String, runID: String) async throws
    /// Every stored task instance of a run.
    func taskInstances(dagID: String, runID: String) async throws -> [TaskInstanceRecord]
    /// Stores an XCom value.
    func setXCom(_ value: JSONValue, key: String, taskID: String, dagID: String, runID: String) async throws
    /// A stored XCom value.
    func xcom(key: String, taskID: String, dagID: String, runID: String) async throws -> JSONValue?
    /// Removes every XCom value of a task in a run (done when a new try starts, as Airflow does).
    func clearXComs(taskID: String, dagID: String, runID: String) async throws
}

extension RunStore {
    public func saveTaskInstances(_ instances: [TaskInstanceRecord], dagID: String, runID: String) async throws {
        for instance in instances { try await saveTaskInstance(instance, dagID: dagID, runID: runID) }
    }
}
