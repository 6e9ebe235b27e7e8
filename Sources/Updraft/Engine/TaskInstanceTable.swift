/// The task instances of a run, in the DAG's task order, looked up by task id.
///
/// The run's own records with the DAG's id index: handing a finished run over copies and hashes nothing, which
/// matters for DAGs of many thousands of tasks.
public struct TaskInstanceTable: Sendable, RandomAccessCollection {
    private let records: [TaskInstanceRecord]
    private let positions: [String: Int]

    /// A table of `records`, indexed by their task ids (the first of duplicate ids wins).
    public init(_ records: [TaskInstanceRecord]) {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(records.count)
        for (position, record) in records.enumerated() where positions[record.taskID] == nil {
            positions[record.taskID] = position
        }
        self.init(records: records, positions: positions)
    }

    /// A table whose `positions` already index `records` (the engine passes the DAG's index).
    init(records: [TaskInstanceRecord], positions: [String: Int]) {
        self.records = records
        self.positions = positions
    }

    /// The instance of `taskID`, nil for a task the run does not have.
    public subscript(taskID: String) -> TaskInstanceRecord? { positions[taskID].map { records[$0] } }

    /// The position of the first task.
    public var startIndex: Int { records.startIndex }
    /// The position after the last task.
    public var endIndex: Int { records.endIndex }
    /// The instance at `position` in the DAG's order.
    public subscript(position: Int) -> TaskInstanceRecord { records[position] }
}
