import Foundation
public import Updraft
public import UpdraftDrawing

/// Everything about one finished run that a report needs besides its logs, saved as JSON so `report` can render
/// it later: the graph, the run record, each task instance with its tries and result. The logs of each try are
/// files beside it (``RunArchiveDirectory/logs``), so an archive stays small however much the tasks logged.
///
/// Every text in an archive went through the run's `SecretMasker` before it was saved.
public struct RunArchive: Sendable, Codable, Hashable {
    /// One task of the run.
    public struct TaskEntry: Sendable, Codable, Hashable {
        /// The task id.
        public var taskID: String
        /// The task instance (nil for a task the run never reached).
        public var instance: TaskInstanceRecord?
        /// The task's result (its XCom `return_value`), if any.
        public var result: JSONValue?

        /// Creates an entry.
        public init(taskID: String, instance: TaskInstanceRecord?, result: JSONValue?) {
            self.taskID = taskID
            self.instance = instance
            self.result = result
        }
    }

    /// The archive format, bumped when a field changes meaning (2: logs moved out to files).
    public var formatVersion: Int
    /// The DAG's graph.
    public var graph: DAGGraph
    /// The run.
    public var run: DAGRunRecord
    /// The tasks, in declaration order.
    public var tasks: [TaskEntry]

    /// Creates an archive.
    public init(graph: DAGGraph, run: DAGRunRecord, tasks: [TaskEntry]) {
        self.formatVersion = 2
        self.graph = graph
        self.run = run
        self.tasks = tasks
    }

    /// The archive of `result`, a run of `dag`, with every text masked by `masker`.
    /// - Throws: the run store's errors while reading results.
    public init(dag: DAG, result: DAGRunResult, masker: SecretMasker) async throws {
        var tasks: [TaskEntry] = []
        tasks.reserveCapacity(dag.tasks.count)
        for taskID in dag.taskIDs {
            let value = try await result.xcom(JSONValue.self, from: taskID)
            tasks.append(TaskEntry(taskID: taskID, instance: result.taskInstances[taskID], result: value))
        }
        self.init(graph: DAGGraph(dag), run: result.run, tasks: tasks)
        self = masked(by: masker)
    }

    /// This archive with every registered secret of `masker` replaced in every text it holds.
    public func masked(by masker: SecretMasker) -> RunArchive {
        var copy = self
        copy.run.note = run.note.map(masker.mask)
        copy.run.params = run.params.mapValues { $0.masked(by: masker) }
        for index in copy.tasks.indices {
            copy.tasks[index].result = tasks[index].result?.masked(by: masker)
            copy.tasks[index].instance?.error = tasks[index].instance?.error.map(masker.mask)
            if let tries = tasks[index].instance?.tries {
                copy.tasks[index].instance?.tries = tries.map { attempt in
                    var attempt = attempt
                    attempt.error = attempt.error.map(masker.mask)
                    return attempt
                }
            }
        }
        return copy
    }
}

extension JSONValue {
    /// This value with secrets masked in every string and object key.
    func masked(by masker: SecretMasker) -> JSONValue {
        switch self {
        case .string(let text): .string(masker.mask(text))
        case .array(let values): .array(values.map { $0.masked(by: masker) })
        case .object(let members):
            .object(Dictionary(members.map { (masker.mask($0.key), $0.value.masked(by: masker)) },
                               uniquingKeysWith: { first, _ in first }))
        default: self
        }
    }
}
