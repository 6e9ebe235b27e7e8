public import Foundation

/// A stored DAG run.
public struct DAGRunRecord: Sendable, Codable, Hashable {
    /// The DAG.
    public var dagID: String
    /// The run's id, unique per DAG.
    public var runID: String
    /// The run's logical date (Airflow's `logical_date`).
    public var logicalDate: Date
    /// The run's state.
    public var state: DAGRunState
    /// When it started.
    public var startDate: Date?
    /// When it ended.
    public var endDate: Date?
    /// The params the run used (DAG params with overrides).
    public var params: [String: JSONValue]
    /// Why it failed, when it did for a reason of its own (timeout, cancellation, deadlock).
    public var note: String?
    /// How the run came about (Airflow's `run_type`).
    public var runType: DAGRunType
    /// The run's overrides of the DAG's params (Airflow's `conf`), kept so that a resumed run uses them again.
    public var conf: [String: JSONValue]
    /// The start of the data interval the run covers, for schedules that have one.
    public var dataIntervalStart: Date?
    /// The end of the data interval the run covers, for schedules that have one.
    public var dataIntervalEnd: Date?
    /// The earliest time the run was due to start (Airflow's `run_after`).
    public var runAfter: Date?

    /// Creates a run record.
    public init(dagID: String, runID: String, logicalDate: Date, state: DAGRunState, startDate: Date? = nil,
                endDate: Date? = nil, params: [String: JSONValue] = [:], note: String? = nil,
                runType: DAGRunType = .manual, conf: [String: JSONValue] = [:], dataIntervalStart: Date? = nil,
                dataIntervalEnd: Date? = nil, runAfter: Date? = nil) {
        self.dagID = dagID
        self.runID = runID
        self.logicalDate = logicalDate
        self.state = state
        self.startDate = startDate
        self.endDate = endDate
        self.params = params
        self.note = note
        self.runType = runType
        self.conf = conf
        self.dataIntervalStart = dataIntervalStart
        self.dataIntervalEnd = dataIntervalEnd
        self.runAfter = runAfter
    }
}

/// How a DAG run came about (Airflow's `DagRunType`).
public enum DAGRunType: String, Sendable, Codable, Hashable, CaseIterable {
    /// Started by hand: the command line, `trigger`, the API.
    case manual
    /// Created by the scheduler when its schedule made it due.
    case scheduled
    /// Created by a backfill over past dates.
    case backfill
}

/// One try of a task.
public struct TryRecord: Sendable, Codable, Hashable {
    /// The 1-based try number.
    public var tryNumber: Int
    /// When it started.
    public var startDate: Date
    /// When it ended (nil while running).
    public var endDate: Date?
    /// Its outcome: success, failed, up_for_retry or skipped.
    public var state: TaskInstanceState
    /// The error, masked, when it failed.
    public var error: String?
    /// The host the try ran on.
    public var hostname: String?
    /// How to find the try's remote work (pod, Talend execution, accepted email), once its operator recorded it.
    public var externalHandle: ExternalHandle?

    /// Creates a try record.
    public init(tryNumber: Int, startDate: Date, endDate: Date? = nil, state: TaskInstanceState, error: String? = nil,
                hostname: String? = nil, externalHandle: ExternalHandle? = nil) {
        self.tryNumber = tryNumber
        self.startDate = startDate
        self.endDate = endDate
        self.state = state
        self.error = error
        self.hostname = hostname
        self.externalHandle = externalHandle
    }
}

/// The stored state of one task in one run (Airflow's task instance).
public struct TaskInstanceRecord: Sendable, Codable, Hashable {
    /// The task.
    public var taskID: String
    /// Its state.
    public var state: TaskInstanceState
    /// The number of the current or last try (0 before the first).
    public var tryNumber: Int
    /// Retries + 1.
    public var maxTries: Int
    /// When the first try started.
    public var startDate: Date?
    /// When it reached a final state.
    public var endDate: Date?
    /// Why it ended as it did when not successful (masked).
    public var error: String?
    /// Every try so far.
    public var tries: [TryRecord]
    /// The pool whose slots a running try of the task holds (Airflow's `pool`).
    public var pool: String
    /// How many of the pool's slots it holds (Airflow's `pool_slots`).
    public var poolSlots: Int

    /// Creates a task instance record.
    public init(taskID: String, state: TaskInstanceState = .pending, tryNumber: Int = 0, maxTries: Int = 1,
                startDate: Date? = nil, endDate: Date? = nil, error: String? = nil, tries: [TryRecord] = [],
                pool: String = Pools.defaultPoolName, poolSlots: Int = 1) {
        self.taskID = taskID
        self.state = state
        self.tryNumber = tryNumber
        self.maxTries = maxTries
        self.startDate = startDate
        self.endDate = endDate
        self.error = error
        self.tries = tries
        self.pool = pool
        self.poolSlots = poolSlots
    }

    /// The task's duration from its first start to its end.
    public var duration: TimeInterval? {
        guard let startDate, let endDate else { return nil }
        return endDate.timeIntervalSince(startDate)
    }

    /// Whether this record ends a try (or was written after one ended): not running, its last try over. Written to
    /// a store, it may free a slot of the DAG's `maxActiveTasks` and of its pool (``RunStore/slotSignals()``).
    public var endsTry: Bool { state != .running && tries.last?.endDate != nil }

    /// Whether this record queues a try for whichever process sharing the store claims it
    /// (``RunStore/claimTries(_:dagIDs:limit:now:)``): running, its last try queued.
    public var queuesTry: Bool {
        guard state == .running, let last = tries.last else { return false }
        return last.state == .queued && last.endDate == nil
    }

    /// Whether this record starts a try: running, its last try running and not ended. A durable store returns from
    /// ``RunStore/saveTaskInstances(_:dagID:runID:)`` of such a record only once it is durable, since the engine
    /// runs the try's operator next.
    public var startsTry: Bool {
        guard state == .running, let last = tries.last else { return false }
        return last.state == .running && last.endDate == nil
    }
}

/// A task instance with the run it belongs to, as cross-run queries return it.
public struct StoredTaskInstance: Sendable, Hashable {
    /// The DAG.
    public var dagID: String
    /// The run.
    public var runID: String
    /// The task instance.
    public var record: TaskInstanceRecord

    /// Creates a stored task instance.
    public init(dagID: String, runID: String, record: TaskInstanceRecord) {
        self.dagID = dagID
        self.runID = runID
        self.record = record
    }
}

/// One stored XCom value.
public struct XComRecord: Sendable, Hashable {
    /// The task that pushed it.
    public var taskID: String
    /// Its key (`return_value` for a task's result).
    public var key: String
    /// The value.
    public var value: JSONValue

    /// Creates an XCom record.
    public init(taskID: String, key: String, value: JSONValue) {
        self.taskID = taskID
        self.key = key
        self.value = value
    }
}
