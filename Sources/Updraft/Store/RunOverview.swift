public import Foundation

/// A run as an overview shows it (a square of the DAG list): which run, when, and how it stands — read without
/// its conf and params, so a page of a thousand DAGs decodes no JSON for its runs.
public struct RunSummary: Sendable, Hashable {
    /// The run's id.
    public var runID: String
    /// Its logical date.
    public var logicalDate: Date
    /// Its state.
    public var state: DAGRunState

    /// A summary from its parts.
    public init(runID: String, logicalDate: Date, state: DAGRunState) {
        self.runID = runID
        self.logicalDate = logicalDate
        self.state = state
    }

    /// The summary of a stored run.
    public init(_ run: DAGRunRecord) {
        self.init(runID: run.runID, logicalDate: run.logicalDate, state: run.state)
    }
}

/// What the DAG list shows of one DAG's runs: the latest ones and how many failed.
public struct DAGRunsOverview: Sendable, Hashable {
    /// The newest runs, newest first (by logical date, then run id).
    public var latestRuns: [RunSummary]
    /// How many of its runs failed.
    public var failedRuns: Int

    /// An overview from its parts.
    public init(latestRuns: [RunSummary] = [], failedRuns: Int = 0) {
        self.latestRuns = latestRuns
        self.failedRuns = failedRuns
    }
}

/// One cell of a grid of runs × tasks: a task instance's state, without its tries.
public struct TaskInstanceStateRecord: Sendable, Hashable {
    /// The run it belongs to.
    public var runID: String
    /// Its task.
    public var taskID: String
    /// Its state.
    public var state: TaskInstanceState

    /// A cell from its parts.
    public init(runID: String, taskID: String, state: TaskInstanceState) {
        self.runID = runID
        self.taskID = taskID
        self.state = state
    }
}

extension RunStore {
    /// One query per DAG: stores with a query language answer in one round trip instead.
    public func runsOverview(dagIDs: [String], latest: Int) async throws -> [String: DAGRunsOverview] {
        var overviews: [String: DAGRunsOverview] = [:]
        for dagID in dagIDs {
            let runs = try await runs(matching: RunQuery(dagID: dagID, limit: latest))
            let failed = try await countRuns(matching: RunQuery(dagID: dagID, states: [.failed]))
            overviews[dagID] = DAGRunsOverview(latestRuns: runs.map(RunSummary.init), failedRuns: failed)
        }
        return overviews
    }

    /// The task instances with their tries, reduced: stores with a query language read only the three columns.
    public func taskInstanceStates(dagID: String, runIDs: [String]) async throws -> [TaskInstanceStateRecord] {
        try await taskInstances(dagID: dagID, runIDs: runIDs, states: nil).map {
            TaskInstanceStateRecord(runID: $0.runID, taskID: $0.record.taskID, state: $0.record.state)
        }
    }
}
