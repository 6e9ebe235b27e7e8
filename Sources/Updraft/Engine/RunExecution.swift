import Foundation
import Logging

/// One run of a DAG: the state machine the engine drives. Owned by the task that called `Engine.run`; children of
/// its task group only run tries and timers and report back, so the state needs no lock.
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

    // MARK: Decisions

    /// Evaluates the trigger rules of every task whose upstream changed, cascading skips and upstream failures.
    func propagate() {
        while let index = worklist.popLast() {
            guard records[index].state == .pending, !decided[index] else { continue }
            let task = dag.tasks[index]
            switch task.triggerRule.decide(counts[index]) {
            case .wait:
                continue
            case .run:
                if let stopReason {
                    if stopReason != .cancelled { finish(index, .skipped, note: "the run was stopped") }
                } else if !pastBlocked[index] {
                    decided[index] = true
                    setState(index, .scheduled)
                    ready.push(index, priority: priorities[index])
                }
            case .skip:
                finish(index, .skipped, note: "trigger rule \(task.triggerRule): upstream \(describe(counts[index]))")
            case .upstreamFailed:
                finish(index, .upstreamFailed,
                       note: "trigger rule \(task.triggerRule): upstream \(describe(counts[index]))")
            }
        }
    }

    private func describe(_ counts: UpstreamCounts) -> String {
        "\(counts.success) succeeded, \(counts.skipped) skipped, \(counts.failed) failed, "
            + "\(counts.upstreamFailed) upstream-failed of \(counts.total)"
    }

    /// Gives slots to ready tasks, highest priority first, within `maxActiveTasks` and pool sizes.
    func schedule(_ group: inout TaskGroup<ChildResult>) {
        guard stopReason == nil else { return }
        while running < dag.maxActiveTasks, let index = ready.pop() {
            let task = dag.tasks[index]
            let size = configuration.pools.slots[task.pool] ?? 0
            if poolUsage[task.pool, default: 0] + task.poolSlots > size {
                blockedByPool[task.pool, default: []].append(index)
                continue
            }
            start(index, &group)
        }
    }

    private func start(_ index: Int, _ group: inout TaskGroup<ChildResult>) {
        let task = dag.tasks[index]
        let now = clock.now()
        running += 1
        poolUsage[task.pool, default: 0] += task.poolSlots
        records[index].tryNumber += 1
        records[index].startDate = records[index].startDate ?? now
        records[index].tries.append(TryRecord(tryNumber: records[index].tryNumber, startDate: now, state: .running))
        setState(index, .queued)
        setState(index, .running)
        persist(index)
        let runner = TryRunner(index: index, node: task, context: context(for: index), store: store, clock: clock,
                               alertHook: configuration.alertHook, hostname: configuration.hostname,
                               clearsXComs: resumed || records[index].tryNumber > 1)
        // Counted as clock work from now (not from when the child first runs), so a test clock never skips time
        // between the start decision and the operator's first line.
        clock.workBegan()
        if task.startsImmediately {
            group.addImmediateTask { .tryFinished(await runner.run()) }
        } else {
            group.addTask { .tryFinished(await runner.run()) }
        }
    }

    private func context(for index: Int) -> TaskContext {
        let task = dag.tasks[index]
        let tryNumber = records[index].tryNumber
        var taskParams = params
        if let own = task.options.params {
            taskParams = dag.params.merging(own) { _, task in task }.merging(paramOverrides) { _, run in run }
        }
        let handler = TaskLogHandler(dagID: dag.dagID, runID: runID, taskID: task.taskID, tryNumber: tryNumber,
                                     store: logs, masker: configuration.masker, clock: clock,
                                     forward: configuration.logger)
        return TaskContext(dagID: dag.dagID, taskID: task.taskID, runID: runID, logicalDate: logicalDate,
                           tryNumber: tryNumber, maxTries: records[index].maxTries, params: taskParams,
                           logger: Logger(label: "updraft.task", factory: { _ in handler }), store: store,
                           hooks: hooks, clock: clock, masker: configuration.masker)
    }

    // MARK: Results

    private func handle(_ result: ChildResult, _ group: inout TaskGroup<ChildResult>) {
        switch result {
        case .tryFinished(let report):
            handle(report, &group)
            clockWorkToRelease += 1  // the count taken when the try started
        case .retryDue(let index):
            clockWorkToRelease += 1  // the clock counted the timer's wake as work until handled
            retriesWaiting -= 1
            if let stopReason {
                if stopReason != .cancelled { finish(index, .skipped, note: "the run was stopped") }
            } else {
                setState(index, .scheduled)
                ready.push(index, priority: priorities[index])
            }
        case .retryCancelled(let index):
            retriesWaiting -= 1
            finish(index, stopReason == .cancelled ? .failed : .skipped, note: "the run was stopped before the retry")
        case .runTimedOut:
            clockWorkToRelease += 1
            timerActive = false
            stop(.dagrunTimeout, &group)
            runRecord.note = "the run exceeded its dagrunTimeout"
        case .runTimerCancelled:
            timerActive = false
        }
    }

    private func handle(_ report: TryReport, _ group: inout TaskGroup<ChildResult>) {
        let index = report.index
        let task = dag.tasks[index]
        running -= 1
        poolUsage[task.pool, default: 0] -= task.poolSlots
        if let blocked = blockedByPool.removeValue(forKey: task.pool) {
            for waiting in blocked { ready.push(waiting, priority: priorities[waiting]) }
        }
        var attempt = records[index].tries.removeLast()
        attempt.endDate = report.end
        switch report.outcome {
        case .success(let value):
            attempt.state = .success
            records[index].tries.append(attempt)
            if task.op is any BranchingOperator { applyBranch(from: index, choice: value) }
            finish(index, .success)
        case .skipped(let reason):
            attempt.state = .skipped
            records[index].tries.append(attempt)
            finish(index, .skipped, note: reason)
        case .failed(let message, _), .timedOut(let message):
            attempt.error = message
            if report.willRetry, stopReason == nil {
                attempt.state = .upForRetry
                records[index].tries.append(attempt)
                scheduleRetry(index, &group)
            } else {
                attempt.state = .failed
                records[index].tries.append(attempt)
                finish(index, .failed, note: message)
                if dag.failFast, stopReason == nil {
                    stop(.failFast, &group)
                    runRecord.note = "failFast: task '\(task.taskID)' failed"
                }
            }
        case .cancelled(let message):
            if stopReason == nil { stop(.cancelled, &group) }
            let state: TaskInstanceState = stopReason == .dagrunTimeout ? .skipped : .failed
            attempt.state = state
            attempt.error = message
            records[index].tries.append(attempt)
            finish(index, state, note: stopDescription + ": " + message)
        }
    }

    private var stopDescription: String {
        switch stopReason {
        case .failFast?: "stopped by failFast"
        case .dagrunTimeout?: "stopped by the dagrunTimeout"
        case .storeFailure?: "stopped by a run store failure"
        case .cancelled?, nil: "the run was cancelled"
        }
    }

    private func scheduleRetry(_ index: Int, _ group: inout TaskGroup<ChildResult>) {
        let task = dag.tasks[index]
        let delay = RetryDelay.delay(
            retryDelay: task.retryDelay, exponentialBackoff: task.retryExponentialBackoff,
            maxRetryDelay: task.options.maxRetryDelay, dagID: dag.dagID, taskID: task.taskID,
            logicalDate: logicalDateText, tryNumber: records[index].tryNumber)
        setState(index, .upForRetry, message: "retry in \(delay.inSeconds.formatted(maxFractionDigits: 3)) s")
        persist(index)
        log(index, .info, "up for retry: next try in \(delay.inSeconds.formatted(maxFractionDigits: 3)) s")
        retriesWaiting += 1
        let timer = clock.makeTimer(until: clock.now().adding(delay))
        group.addTask {
            do {
                try await timer.wait()
                return .retryDue(index)
            } catch {
                return .retryCancelled(index)
            }
        }
    }

    /// A branching task chose its followers: every other direct downstream task is skipped.
    private func applyBranch(from index: Int, choice: JSONValue?) {
        let chosen = Set((try? choice?.decode([String].self)) ?? choice?.stringValue.map { [$0] } ?? [])
        let children = dag.graph.downstream(of: index).map(Int.init)
        let childIDs = Set(children.map { dag.tasks[$0].taskID })
        let unknown = chosen.subtracting(childIDs)
        if !unknown.isEmpty {
            log(index, .warning, "branch chose \(unknown.sorted()), which are not direct downstream tasks")
        }
        for child in children where !chosen.contains(dag.tasks[child].taskID) && records[child].state == .pending {
            finish(child, .skipped, note: "not chosen by branch '\(dag.tasks[index].taskID)'")
        }
    }

    /// Stops the run: running tries are cancelled (their clean-up runs), waiting tasks are skipped, unless the run
    /// was cancelled, which leaves them pending so that a resumed run picks them up.
    private func stop(_ reason: StopReason, _ group: inout TaskGroup<ChildResult>) {
        stopReason = reason
        group.cancelAll()
        var waiting = ready.removeAll()
        for list in blockedByPool.values { waiting += list }
        blockedByPool.removeAll()
        for index in waiting {
            if reason == .cancelled {
                decided[index] = false
                setState(index, .pending)
            } else {
                finish(index, .skipped, note: stopDescription)
            }
        }
        if reason != .cancelled {
            for index in dag.tasks.indices where records[index].state == .pending && !decided[index] {
                finish(index, .skipped, note: stopDescription)
            }
        }
    }

    private func finishTimerIfIdle(_ group: inout TaskGroup<ChildResult>) {
        guard timerActive, running == 0, retriesWaiting == 0, ready.isEmpty else { return }
        group.cancelAll()
    }

    // MARK: State changes

    /// Puts a task in a final state and wakes its downstream tasks.
    func finish(_ index: Int, _ state: TaskInstanceState, note: String? = nil) {
        decided[index] = true
        records[index].endDate = clock.now()
        if state != .success, let note { records[index].error = configuration.masker.mask(note) }
        setState(index, state, message: records[index].error)
        persist(index)
        // A cancelled run leaves downstream tasks untouched, so resuming it evaluates them afresh.
        guard stopReason != .cancelled else { return }
        for child in dag.graph.downstream(of: index) {
            counts[Int(child)].record(state)
            worklist.append(Int(child))
        }
    }

    private func setState(_ index: Int, _ state: TaskInstanceState, message: String? = nil) {
        records[index].state = state
        emit(.task(taskID: dag.tasks[index].taskID, state: state, tryNumber: records[index].tryNumber),
             message: message)
    }

    private func persist(_ index: Int) {
        if !dirty[index] {
            dirty[index] = true
            dirtyIndices.append(index)
        }
    }

    private func emit(_ change: RunEvent.Change, message: String? = nil) {
        events?.send(RunEvent(date: clock.now(), dagID: dag.dagID, runID: runID, change: change, message: message))
    }

    private func log(_ index: Int, _ level: Logger.Level, _ message: String) {
        let line = TaskLogLine(date: clock.now(), level: level, message: configuration.masker.mask(message))
        logs.append(line, taskID: dag.tasks[index].taskID, tryNumber: max(records[index].tryNumber, 1))
    }

    // MARK: End

    private func finish() async -> DAGRunResult {
        if let failure = await flushWrites(), stopReason == nil { stopReason = .storeFailure(failure) }
        let leaves = dag.tasks.indices.filter { dag.graph.downstream(of: $0).isEmpty }
        let unfinished = dag.tasks.indices.filter { !records[$0].state.isFinished }
        if stopReason == nil, !unfinished.isEmpty {
            let names = unfinished.prefix(10).map { dag.tasks[$0].taskID }
            runRecord.note = "deadlock: \(unfinished.count) task(s) could not run: \(names.joined(separator: ", "))"
                + (pastBlocked.contains(true) ? " (dependsOnPast)" : "")
        }
        if stopReason == .cancelled { runRecord.note = runRecord.note ?? "the run was cancelled" }
        if case .storeFailure(let message)? = stopReason { runRecord.note = "run store failure: \(message)" }
        let leafFailed = leaves.contains { records[$0].state == .failed || records[$0].state == .upstreamFailed }
        let allLeavesDone = leaves.allSatisfy { records[$0].state == .success || records[$0].state == .skipped }
        runRecord.state = stopReason == nil && !leafFailed && allLeavesDone && unfinished.isEmpty ? .success : .failed
        runRecord.endDate = clock.now()
        do {
            try await store.saveRun(runRecord)
        } catch {
            runRecord.note = "run store failure: \(configuration.masker.mask(String(describing: error)))"
        }
        emit(.run(runRecord.state), message: runRecord.note)
        configuration.logger.info("run finished", metadata: [
            LoggingKeys.dagID: "\(dag.dagID)", LoggingKeys.runID: "\(runID)", "state": "\(runRecord.state.rawValue)",
        ])
        let result = DAGRunResult(run: runRecord,
                                  taskInstances: TaskInstanceTable(records: records, positions: dag.indexByID),
                                  logs: logs, store: store)
        let callback = runRecord.state == .success ? dag.onSuccessCallback : dag.onFailureCallback
        if let callback {
            let logger = configuration.logger
            let masker = configuration.masker
            await withCancellationShield {
                do {
                    try await callback(result)
                } catch {
                    logger.error("DAG callback failed: \(masker.mask(String(describing: error)))")
                }
            }
        }
        events?.finish()
        return result
    }

    /// Writes the task instances changed since the last flush, in one batch; returns the failure (masked), if any.
    func flushWrites() async -> String? {
        guard !dirtyIndices.isEmpty else { return nil }
        let batch = dirtyIndices.map { records[$0] }
        for index in dirtyIndices { dirty[index] = false }
        dirtyIndices.removeAll(keepingCapacity: true)
        do {
            try await store.saveTaskInstances(batch, dagID: dag.dagID, runID: runID)
            return nil
        } catch {
            return configuration.masker.mask(String(describing: error))
        }
    }
}
