import Foundation
import Logging

/// One run of a DAG: the state machine the engine drives. Owned by the task that called `Engine.run`; children of
/// its task group only run tries and timers and report back, so the state needs no lock.
///
/// This file holds the state and the run's loop; which tasks start is in `RunExecution+Decisions`, what a
/// finished try or a stop does in `RunExecution+Results`, state changes and the end in `RunExecution+State`.
final class RunExecution {
    enum StopReason: Equatable {
        case failFast, dagrunTimeout, cancelled, storeFailure(String)
    }

    enum ChildResult: Sendable {
        case tryFinished(TryReport)
        case retryDue(Int)
        case retryCancelled(Int)
        case runTimedOut
        case runTimerCancelled
    }

    let dag: DAG
    let configuration: Engine.Configuration
    let runID: String
    let logicalDate: Date
    let logicalDateText: String
    let params: [String: JSONValue]
    let paramOverrides: [String: JSONValue]
    let events: RunEventSink?
    let logs = TaskLogStore()
    let hooks: HookResolver
    var clock: any UpdraftClock { configuration.clock }
    var store: any RunStore { configuration.store }

    var runRecord: DAGRunRecord
    var records: [TaskInstanceRecord]
    var counts: [UpstreamCounts]
    var decided: [Bool]
    var pastBlocked: [Bool]
    var priorities: [Int] = []
    var ready = ReadyQueue()
    var blockedByPool: [String: [Int]] = [:]
    var poolUsage: [String: Int] = [:]
    var running = 0
    var retriesWaiting = 0
    var timerActive = false
    var stopReason: StopReason?
    var worklist: [Int] = []
    /// Clock work counts (finished tries, fired timers) to hand back once the current event is fully handled.
    var clockWorkToRelease = 0
    /// Task instances changed since the last store write.
    var dirty: [Bool]
    var dirtyIndices: [Int] = []
    /// Whether this run resumed a stored one (XComs of earlier tries may then exist).
    var resumed = false

    init(dag: DAG, configuration: Engine.Configuration, runID: String, logicalDate: Date,
         paramOverrides: [String: JSONValue], events: RunEventSink?) throws {
        self.dag = dag
        self.configuration = configuration
        self.runID = runID
        self.logicalDate = logicalDate
        self.logicalDateText = RunExecution.isoDate(logicalDate)
        self.params = dag.params.merging(paramOverrides) { _, override in override }
        self.paramOverrides = paramOverrides
        self.events = events
        self.hooks = HookResolver(connections: configuration.connections, overrides: configuration.hookOverrides,
                                  requiresOverrides: configuration.requiresHookOverrides, masker: configuration.masker)
        self.runRecord = DAGRunRecord(dagID: dag.dagID, runID: runID, logicalDate: logicalDate, state: .queued,
                                      params: params)
        self.records = dag.tasks.map { TaskInstanceRecord(taskID: $0.taskID, maxTries: $0.retries + 1) }
        self.counts = dag.tasks.indices.map { UpstreamCounts(total: dag.graph.upstreamCount(of: $0)) }
        self.decided = Array(repeating: false, count: dag.tasks.count)
        self.pastBlocked = Array(repeating: false, count: dag.tasks.count)
        self.dirty = Array(repeating: false, count: dag.tasks.count)
        try checkPools()
    }

    static func isoDate(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon)) + "+00:00"
    }

    private func checkPools() throws {
        for task in dag.tasks {
            guard let size = configuration.pools.slots[task.pool] else {
                throw EngineError(dagID: dag.dagID, message: """
                    task '\(task.taskID)' uses pool '\(task.pool)', which does not exist \
                    (pools: \(configuration.pools.slots.keys.sorted().joined(separator: ", ")))
                    """)
            }
            guard task.poolSlots <= size else {
                throw EngineError(dagID: dag.dagID, message: """
                    task '\(task.taskID)' needs \(task.poolSlots) slots of pool '\(task.pool)', which has \(size)
                    """)
            }
        }
    }

    // MARK: Running

    func run() async throws -> DAGRunResult {
        try await prepare()
        clock.workBegan()
        defer { clock.workEnded() }
        await withTaskGroup(of: ChildResult.self) { group in
            if let timeout = dag.dagrunTimeout {
                timerActive = true
                let timer = clock.makeTimer(until: runStart.adding(timeout))
                group.addTask {
                    do {
                        try await timer.wait()
                        return .runTimedOut
                    } catch {
                        return .runTimerCancelled
                    }
                }
            }
            propagate()
            schedule(&group)
            finishTimerIfIdle(&group)
            if let failure = await flushWrites() { stop(.storeFailure(failure), &group) }
            while true {
                clock.workEnded()
                let next = await group.next()
                clock.workBegan()
                guard let next else { break }
                handle(next, &group)
                if Task.isCancelled, stopReason == nil { stop(.cancelled, &group) }
                propagate()
                if let failure = await flushWrites(), stopReason == nil {
                    stop(.storeFailure(failure), &group)
                    propagate()
                }
                schedule(&group)
                finishTimerIfIdle(&group)
                // Only now, with the consequences started, may a test clock move on.
                for _ in 0..<clockWorkToRelease { clock.workEnded() }
                clockWorkToRelease = 0
            }
        }
        return await finish()
    }

    /// The run's start on its clock (the dagrun timeout counts from here).
    private lazy var runStart: Date = clock.now()

    private func prepare() async throws {
        let now = runStart
        if let existing = try await store.run(dagID: dag.dagID, runID: runID) {
            try await resume(from: existing)
        }
        runRecord.state = .running
        runRecord.startDate = runRecord.startDate ?? now
        runRecord.endDate = nil
        runRecord.note = nil
        try await store.saveRun(runRecord)
        configuration.logger.info("run started", metadata: [LoggingKeys.dagID: "\(dag.dagID)", LoggingKeys.runID: "\(runID)"])
        emit(.run(.running))
        priorities = PriorityWeights.compute(dag)
        // Every task instance exists from the run's start, as Airflow creates them with the DAG run: the store can
        // show what is still to run, and sizes its storage once.
        for index in dag.tasks.indices { persist(index) }
        try await checkPast()
        for index in dag.tasks.indices where records[index].state == .pending {
            let options = dag.tasks[index].options
            if let start = options.startDate, logicalDate < start {
                finish(index, .skipped, note: "the run's logical date is before the task's startDate")
            } else if let end = options.endDate, logicalDate > end {
                finish(index, .skipped, note: "the run's logical date is after the task's endDate")
            } else {
                worklist.append(index)
            }
        }
    }

    /// Resuming: tasks that succeeded or were skipped keep their state; every other task runs again.
    private func resume(from existing: DAGRunRecord) async throws {
        resumed = true
        runRecord.startDate = existing.startDate
        let stored = try await store.taskInstances(dagID: dag.dagID, runID: runID)
        for record in stored {
            guard let index = dag.index(of: record.taskID) else { continue }
            var kept = record
            kept.maxTries = dag.tasks[index].retries + 1 + record.tryNumber
            if record.state == .success || record.state == .skipped {
                records[index] = kept
                decided[index] = true
                for child in dag.graph.downstream(of: index) { counts[Int(child)].record(record.state) }
            } else {
                kept.state = .pending
                kept.endDate = nil
                kept.error = nil
                records[index] = kept
            }
        }
    }

    private func checkPast() async throws {
        guard dag.tasks.contains(where: \.dependsOnPast),
              let previous = try await store.previousRun(dagID: dag.dagID, before: logicalDate) else { return }
        let pastStates = Dictionary(
            try await store.taskInstances(dagID: dag.dagID, runID: previous.runID).map { ($0.taskID, $0.state) },
            uniquingKeysWith: { first, _ in first })
        for (index, task) in dag.tasks.enumerated() where task.dependsOnPast {
            if let state = pastStates[task.taskID], state != .success, state != .skipped {
                pastBlocked[index] = true
                log(index, .warning, "dependsOnPast: this task was \(state.rawValue) in run \(previous.runID)")
            }
        }
    }
}
