import Updraft

/// The net effect of queued writes, committed as ONE statement (one round trip, atomic without BEGIN/COMMIT).
///
/// A single statement may change a row only once, so writes are folded first: the last record of a task instance,
/// try or run wins; a handle recorded for a try joins that try's row; clearing a task's XCom values drops the values
/// set before the clear and deletes the stored ones except those set after it. The result equals applying the writes
/// one by one in their order.
struct PostgresBatch {
    struct InstanceKey: Hashable, Comparable {
        var run: Int64
        var taskID: String

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.run, lhs.taskID) < (rhs.run, rhs.taskID) }
    }

    struct TryKey: Hashable, Comparable {
        var instance: InstanceKey
        var tryNumber: Int

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.instance, lhs.tryNumber) < (rhs.instance, rhs.tryNumber) }
    }

    struct XComKey: Hashable, Comparable {
        var instance: InstanceKey
        var key: String

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.instance, lhs.key) < (rhs.instance, rhs.key) }
    }

    struct RunKey: Hashable, Comparable {
        var dagID: String
        var runID: String

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.dagID, lhs.runID) < (rhs.dagID, rhs.runID) }
    }

    /// A try's row: the engine's fields, the operator's handle, or both.
    struct TryChange {
        var record: TryRecord?
        var handle: ExternalHandle?
    }

    private(set) var runs: [RunKey: DAGRunRecord] = [:]
    private(set) var instances: [InstanceKey: TaskInstanceRecord] = [:]
    private(set) var tries: [TryKey: TryChange] = [:]
    private(set) var xcoms: [XComKey: JSONValue] = [:]
    private(set) var clearedXComs: Set<InstanceKey> = []

    var isEmpty: Bool {
        runs.isEmpty && instances.isEmpty && tries.isEmpty && xcoms.isEmpty && clearedXComs.isEmpty
    }

    init(_ changes: [PostgresChange]) {
        for change in changes { add(change) }
    }

    private mutating func add(_ change: PostgresChange) {
        switch change {
        case .taskInstances(let run, let records):
            for record in records {
                let instance = InstanceKey(run: run, taskID: record.taskID)
                instances[instance] = record
                for tried in record.tries {
                    tries[TryKey(instance: instance, tryNumber: tried.tryNumber), default: TryChange()].record = tried
                }
            }
        case .externalHandle(let run, let taskID, let tryNumber, let handle):
            let key = TryKey(instance: InstanceKey(run: run, taskID: taskID), tryNumber: tryNumber)
            tries[key, default: TryChange()].handle = handle
        case .xcom(let run, let taskID, let key, let value):
            xcoms[XComKey(instance: InstanceKey(run: run, taskID: taskID), key: key)] = value
        case .clearXComs(let run, let taskID):
            let instance = InstanceKey(run: run, taskID: taskID)
            xcoms = xcoms.filter { $0.key.instance != instance }
            clearedXComs.insert(instance)
        case .run(let record):
            runs[RunKey(dagID: record.dagID, runID: record.runID)] = record
        }
    }
}
