import Foundation
public import Updraft

/// Everything about one finished run that a report needs, saved as JSON so `report` can render it later:
/// the graph, the run record, each task instance with its tries, logs and result.
///
/// Every text in an archive went through the run's `SecretMasker` before it was saved.
public struct RunArchive: Sendable, Codable, Hashable {
    /// One task of the run.
    public struct TaskEntry: Sendable, Codable, Hashable {
        /// The task id.
        public var taskID: String
        /// The task instance (nil for a task the run never reached).
        public var instance: TaskInstanceRecord?
        /// The log of each try, in try order.
        public var logs: [TryLog]
        /// The task's result (its XCom `return_value`), if any.
        public var result: JSONValue?

        /// Creates an entry.
        public init(taskID: String, instance: TaskInstanceRecord?, logs: [TryLog], result: JSONValue?) {
            self.taskID = taskID
            self.instance = instance
            self.logs = logs
            self.result = result
        }
    }

    /// The log lines of one try.
    public struct TryLog: Sendable, Codable, Hashable {
        /// The 1-based try number.
        public var tryNumber: Int
        /// Its lines.
        public var lines: [TaskLogLine]

        /// Creates a try log.
        public init(tryNumber: Int, lines: [TaskLogLine]) {
            self.tryNumber = tryNumber
            self.lines = lines
        }
    }

    /// The archive format, bumped when a field changes meaning.
    public var formatVersion: Int
    /// The DAG's graph.
    public var graph: DAGGraph
    /// The run.
    public var run: DAGRunRecord
    /// The tasks, in declaration order.
    public var tasks: [TaskEntry]

    /// Creates an archive.
    public init(graph: DAGGraph, run: DAGRunRecord, tasks: [TaskEntry]) {
        self.formatVersion = 1
        self.graph = graph
        self.run = run
        self.tasks = tasks
    }

    /// The archive of `result`, a run of `dag`, with every text masked by `masker`.
    /// - Throws: the run store's errors while reading results.
    public init(dag: DAG, result: DAGRunResult, masker: SecretMasker) async throws {
        var tasks: [TaskEntry] = []
        for taskID in dag.taskIDs {
            let logs = result.logs.tryNumbers(taskID: taskID).map {
                TryLog(tryNumber: $0, lines: result.logLines(of: taskID, tryNumber: $0))
            }
            let value = try await result.xcom(JSONValue.self, from: taskID)
            tasks.append(TaskEntry(taskID: taskID, instance: result.taskInstances[taskID], logs: logs, result: value))
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
            copy.tasks[index].logs = tasks[index].logs.map { log in
                TryLog(tryNumber: log.tryNumber, lines: log.lines.map { line in
                    var line = line
                    line.message = masker.mask(line.message)
                    return line
                })
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
