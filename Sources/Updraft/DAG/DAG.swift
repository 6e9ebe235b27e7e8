public import Foundation

/// A DAG-level callback (Airflow's DAG `on_success_callback` / `on_failure_callback`): receives the finished run.
public typealias DAGCallback = @Sendable (DAGRunResult) async throws -> Void

/// A validated, immutable workflow: tasks, their dependencies and the DAG's options (Airflow's `DAG`).
///
/// ```swift
/// let dag = try DAG("talend_api_jobs", schedule: .once, defaultArgs: defaultArgs) { dag in
///     dag.task("talend_api", SimpleHttpOperator(method: "POST", httpConnID: "talend_api",
///                                               endpoint: "/tmc/v2.2/executions",
///                                               data: .json(["executable": "5fb2f5126a1cd451b07bee7a"])))
/// }
/// ```
///
/// Building validates everything Airflow checks when it parses a DAG file: ids, duplicates, cycles (the error names
/// the cycle), tasks of another DAG, schedules, and option values.
public struct DAG: Sendable {
    /// The DAG id.
    public let dagID: String
    /// A description for listings.
    public let description: String?
    /// When the DAG runs.
    public let schedule: Schedule
    /// The first logical date (from the DAG, else from `defaultArgs`).
    public let startDate: Date?
    /// No runs after this date.
    public let endDate: Date?
    /// Create runs for every missed interval since `startDate` (default false, as Airflow 3).
    public let catchup: Bool
    /// The time zone cron schedules are evaluated in (Airflow: the start date's zone, else UTC).
    public let timeZone: TimeZone
    /// Whether cron and interval schedules create runs that cover a data interval (see ``timetable``).
    public let createDataIntervals: Bool
    /// How the schedule becomes runs: Airflow 3's `CronTriggerTimetable` / `DeltaTriggerTimetable` for a cron
    /// expression or an interval, or the data-interval timetables when ``createDataIntervals`` is set.
    public let timetable: Timetable
    /// Whether the scheduler leaves a DAG it sees for the first time paused (Airflow's `is_paused_upon_creation`);
    /// nil follows the service's setting.
    public let isPausedUponCreation: Bool?
    /// The options every task inherits.
    public let defaultArgs: TaskOptions
    /// The most tasks of this DAG running at once over all of its runs (default 16), as Airflow's
    /// `max_active_tasks`: the store counts them, so the limit holds across every process sharing it.
    public let maxActiveTasks: Int
    /// The most runs of this DAG at once (default 16).
    public let maxActiveRuns: Int
    /// A run taking longer fails, its running tasks skipped.
    public let dagrunTimeout: Duration?
    /// On the first task failure, stop the other running tasks and skip the rest.
    public let failFast: Bool
    /// Params every task sees (overridable per run).
    public let params: [String: JSONValue]
    /// Tags for listings.
    public let tags: Set<String>
    /// Called when a run succeeds.
    public let onSuccessCallback: DAGCallback?
    /// Called when a run fails.
    public let onFailureCallback: DAGCallback?
    /// The tasks, in declaration order.
    public let tasks: [TaskNode]
    let graph: TaskGraph
    /// Each task's position in ``tasks``.
    let indexByID: [String: Int]

    /// Builds and validates a DAG.
    /// - Parameters:
    ///   - dagID: matching `^[\w.-]+$`, at most 250 characters.
    ///   - description: what the DAG does (Airflow's `description`).
    ///   - schedule: when runs are due (Airflow's `schedule`); `.manual` (Airflow's `None`) by default.
    ///   - startDate: the first logical date; `defaultArgs.startDate` when nil.
    ///   - endDate: the last logical date; `defaultArgs.endDate` when nil.
    ///   - catchup: create runs for every missed interval since `startDate` (off by default, as Airflow 3).
    ///   - timeZone: where a cron schedule's hours are read, UTC by default (Airflow takes the zone of a
    ///     `pendulum` start date): `"30 2 * * *"` in `Europe/Paris` is 02:30 Paris time, summer and winter.
    ///   - createDataIntervals: runs of a cron or interval schedule cover a data interval — the logical date is the
    ///     start of the interval and the run is due when it ends (Airflow 2's behaviour) — instead of firing at
    ///     each schedule time (Airflow 3's). Nil follows Airflow's setting,
    ///     `AIRFLOW__SCHEDULER__CREATE_CRON_DATA_INTERVALS` (false when unset).
    ///   - isPausedUponCreation: whether the scheduler leaves the DAG paused when it first sees it.
    ///   - defaultArgs: task options every task inherits for the fields it leaves nil (Airflow's `default_args`).
    ///   - maxActiveTasks: the most tasks of this DAG running at once, over all of its runs (16).
    ///   - maxActiveRuns: the most runs of this DAG at once (16).
    ///   - dagrunTimeout: a run taking longer fails, its running tasks skipped; none by default.
    ///   - failFast: on the first task failure, stop the other running tasks and skip the rest.
    ///   - params: the DAG's params, overridable per run (Airflow's `params`).
    ///   - tags: labels for filtering (Airflow's `tags`).
    ///   - onSuccessCallback: called when a run succeeds.
    ///   - onFailureCallback: called when a run fails.
    ///   - build: declares the tasks (``DAGBuilder/task(_:_:options:)``) and their dependencies (`>>`, `chain`…).
    /// - Throws: ``DAGError`` naming the DAG and what is wrong.
    public init(
        _ dagID: String, description: String? = nil, schedule: Schedule = .manual, startDate: Date? = nil,
        endDate: Date? = nil, catchup: Bool = false, timeZone: TimeZone = .gmt, createDataIntervals: Bool? = nil,
        isPausedUponCreation: Bool? = nil, defaultArgs: TaskOptions = TaskOptions(),
        maxActiveTasks: Int = 16, maxActiveRuns: Int = 16, dagrunTimeout: Duration? = nil, failFast: Bool = false,
        params: [String: JSONValue] = [:], tags: Set<String> = [], onSuccessCallback: DAGCallback? = nil,
        onFailureCallback: DAGCallback? = nil, _ build: (DAGBuilder) throws -> Void
    ) throws {
        guard Identifier.isValid(dagID) else {
            throw DAGError(.invalidDAGID, dagID: dagID, """
                the DAG id is invalid: it must be 1 to \(Identifier.maxLength) characters of letters, digits, '_', \
                '.' or '-'
                """)
        }
        let builder = DAGBuilder(dagID: dagID)
        try build(builder)
        if let first = builder.errors.first { throw first }

        self.dagID = dagID
        self.description = description
        self.schedule = schedule
        self.startDate = startDate ?? defaultArgs.startDate
        self.endDate = endDate ?? defaultArgs.endDate
        self.catchup = catchup
        self.timeZone = timeZone
        let dataIntervals = createDataIntervals ?? DAG.createDataIntervalsSetting()
        self.createDataIntervals = dataIntervals
        self.isPausedUponCreation = isPausedUponCreation
        do {
            self.timetable = try schedule.timetable(timeZone: timeZone, dataIntervals: dataIntervals)
        } catch let error as CronExpression.ParseError {
            throw DAGError(.invalidSchedule, dagID: dagID, error.description)
        }
        self.defaultArgs = defaultArgs
        self.maxActiveTasks = maxActiveTasks
        self.maxActiveRuns = maxActiveRuns
        self.dagrunTimeout = dagrunTimeout
        self.failFast = failFast
        self.params = params
        self.tags = tags
        self.onSuccessCallback = onSuccessCallback
        self.onFailureCallback = onFailureCallback
        var nodes: [TaskNode] = []
        nodes.reserveCapacity(builder.taskIDs.count)
        for index in builder.taskIDs.indices {
            nodes.append(TaskNode(taskID: builder.taskIDs[index], op: builder.operators[index],
                                  options: builder.options[index].merged(over: defaultArgs)))
        }
        self.tasks = nodes
        self.graph = TaskGraph(count: nodes.count, edges: builder.edges)
        var indexByID: [String: Int] = [:]
        indexByID.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() { indexByID[node.taskID] = index }
        self.indexByID = indexByID
        try validate()
    }

    /// Airflow's `[scheduler] create_cron_data_intervals`, read from the environment as Airflow reads it.
    static func createDataIntervalsSetting(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        ["true", "1", "t", "yes", "y", "on"].contains(
            environment["AIRFLOW__SCHEDULER__CREATE_CRON_DATA_INTERVALS"]?.lowercased() ?? "false")
    }

    private func validate() throws {
        if case .interval(let step) = schedule.kind, step <= .zero {
            throw DAGError(.invalidSchedule, dagID: dagID, "the schedule interval must be positive")
        }
        guard maxActiveTasks >= 1 else {
            throw DAGError(.invalidOption, dagID: dagID, "maxActiveTasks must be at least 1, got \(maxActiveTasks)")
        }
        for task in tasks {
            func invalid(_ message: String) -> DAGError {
                DAGError(.invalidOption, dagID: dagID, "task '\(task.taskID)': \(message)")
            }
            if task.retries < 0 { throw invalid("retries must not be negative, got \(task.retries)") }
            if task.poolSlots < 1 { throw invalid("poolSlots must be at least 1, got \(task.poolSlots)") }
            if task.retryDelay < .zero { throw invalid("retryDelay must not be negative") }
            if let timeout = task.options.executionTimeout, timeout <= .zero {
                throw invalid("executionTimeout must be positive")
            }
            if failFast, task.triggerRule != .allSuccess {
                throw invalid("""
                    a DAG with failFast only allows the all_success trigger rule, got \(task.triggerRule)
                    """)
            }
        }
        if let cycle = graph.findCycle() {
            let path = cycle.map { tasks[$0].taskID }
            throw DAGError(.cycle, dagID: dagID, "cycle detected: \(path.joined(separator: " >> "))", cyclePath: path)
        }
    }

    /// The task with id `taskID`.
    public func task(_ taskID: String) -> TaskNode? { indexByID[taskID].map { tasks[$0] } }

    /// Every task id, in declaration order.
    public var taskIDs: [String] { tasks.map(\.taskID) }

    /// The ids of the tasks directly upstream of `taskID`.
    public func upstreamTaskIDs(of taskID: String) -> [String] {
        guard let index = indexByID[taskID] else { return [] }
        return graph.upstream(of: index).map { tasks[Int($0)].taskID }
    }

    /// The ids of the tasks directly downstream of `taskID`.
    public func downstreamTaskIDs(of taskID: String) -> [String] {
        guard let index = indexByID[taskID] else { return [] }
        return graph.downstream(of: index).map { tasks[Int($0)].taskID }
    }

    /// Every dependency as (upstream, downstream) task ids, in declaration order of the upstream task.
    public var edges: [(upstream: String, downstream: String)] {
        tasks.indices.flatMap { index in
            graph.downstream(of: index).map { (tasks[index].taskID, tasks[Int($0)].taskID) }
        }
    }

    /// Tasks with no downstream task: the ones whose states decide the run's state.
    public var leafTaskIDs: [String] {
        tasks.indices.filter { graph.downstream(of: $0).isEmpty }.map { tasks[$0].taskID }
    }

    func index(of taskID: String) -> Int? { indexByID[taskID] }
}
