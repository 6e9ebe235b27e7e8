public import Foundation
public import Logging

/// Everything a running task may use: who and when it is, its params, logger, XCom, hooks and clock
/// (Airflow's task context).
public struct TaskContext: Sendable {
    /// The DAG.
    public let dagID: String
    /// The task.
    public let taskID: String
    /// The run.
    public let runID: String
    /// The run's logical date.
    public let logicalDate: Date
    /// The 1-based number of this try.
    public let tryNumber: Int
    /// Retries + 1.
    public let maxTries: Int
    /// DAG params merged with task params and run overrides.
    public let params: [String: JSONValue]
    /// The task's logger: lines are masked, captured per try, and carry the task metadata.
    public let logger: Logger
    /// The run's XCom values.
    public let xcom: XComAccess
    /// Hooks by connection id.
    public let hooks: HookResolver
    /// The run's clock: sleep on it, never on `Task.sleep`, so tests can skip waits.
    public let clock: any UpdraftClock
    /// The masker for text the operator builds itself (error bodies, command lines).
    public let masker: SecretMasker
    /// For failure and retry callbacks: the error of the failed try (masked). Nil otherwise.
    public internal(set) var failure: String?
    /// When this try continues one that a stopped process left running (the run was resumed after a crash): the
    /// handle that try recorded with ``recordExternalWork(_:)``. Follow the work it names instead of starting it
    /// again. Nil for every other try.
    public let interruptedWork: ExternalHandle?
    /// How the run came to be (Airflow's `dag_run.run_type`): scheduled, manual, backfill.
    public let runType: DAGRunType
    /// The start of the run's data interval (Airflow's `data_interval_start`); nil when the run has none (manual
    /// runs, cron-trigger timetables).
    public let dataIntervalStart: Date?
    /// The end of the run's data interval (Airflow's `data_interval_end`).
    public let dataIntervalEnd: Date?
    /// When the run became due (Airflow's `run_after`).
    public let runAfter: Date?
    let store: any RunStore

    /// Creates a context. The engine builds contexts; tests of a single operator may build one with
    /// `TaskContext.forTesting` in UpdraftTesting.
    public init(dagID: String, taskID: String, runID: String, logicalDate: Date, tryNumber: Int, maxTries: Int,
                params: [String: JSONValue], logger: Logger, store: any RunStore, hooks: HookResolver,
                clock: any UpdraftClock, masker: SecretMasker, failure: String? = nil,
                interruptedWork: ExternalHandle? = nil, runType: DAGRunType = .manual,
                dataIntervalStart: Date? = nil, dataIntervalEnd: Date? = nil, runAfter: Date? = nil) {
        self.dagID = dagID
        self.taskID = taskID
        self.runID = runID
        self.logicalDate = logicalDate
        self.tryNumber = tryNumber
        self.maxTries = maxTries
        self.params = params
        self.logger = logger
        self.xcom = XComAccess(store: store, dagID: dagID, runID: runID, taskID: taskID)
        self.hooks = hooks
        self.clock = clock
        self.masker = masker
        self.failure = failure
        self.interruptedWork = interruptedWork
        self.runType = runType
        self.dataIntervalStart = dataIntervalStart
        self.dataIntervalEnd = dataIntervalEnd
        self.runAfter = runAfter
        self.store = store
    }

    /// The typed connection `connID` (its secrets registered with the masker).
    /// - Throws: ``ConnectionError`` when missing or invalid.
    public func connection<C: Connection>(_ type: C.Type, id connID: String) throws -> C {
        try C(try hooks.connection(connID))
    }

    /// Records, durably before returning, how to find the remote work this try starts (Updraft's write-ahead rule):
    /// call it before the call that starts the work when the handle is known beforehand (a pod's name), or the moment
    /// that call answers (a Talend execution id). Record it again to update it — for instance once the work finished,
    /// before deleting what would let you find it. A resumed run hands it back as ``interruptedWork``.
    /// - Throws: the store's error; the try should then fail rather than start work it could not find again.
    public func recordExternalWork(_ handle: ExternalHandle) async throws {
        try await store.recordExternalHandle(handle, taskID: taskID, tryNumber: tryNumber, dagID: dagID, runID: runID)
    }

    /// The remote work every try of this task in this run recorded, by try number: lets a retry find (and stop, or
    /// follow) what an earlier try left running.
    public func recordedExternalWork() async throws -> [Int: ExternalHandle] {
        try await store.externalHandles(taskID: taskID, dagID: dagID, runID: runID)
    }
}
