import Foundation
import Logging

/// Which tasks run next: trigger rules evaluated as upstream tasks finish, slots given by priority within
/// `maxActiveTasks` and pools, and each try started as a child of the run's task group.
extension RunExecution {
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
                    if !stopReason.leavesTasksPending { finish(index, .skipped, note: "the run was stopped") }
                } else if !pastBlocked[index] {
                    decided[index] = true
                    setState(index, .scheduled)
                    ready.push(index, priority: priorities[index])
                }
            case .skip:
                propagated[index] = true
                finish(index, .skipped, note: "trigger rule \(task.triggerRule): upstream \(describe(counts[index]))")
            case .upstreamFailed:
                propagated[index] = true
                finish(index, .upstreamFailed,
                       note: "trigger rule \(task.triggerRule): upstream \(describe(counts[index]))")
            }
        }
    }

    private func describe(_ counts: UpstreamCounts) -> String {
        "\(counts.success) succeeded, \(counts.skipped) skipped, \(counts.failed) failed, "
            + "\(counts.upstreamFailed) upstream-failed of \(counts.total)"
    }

    /// Gives slots to ready tasks, highest priority first, within `maxActiveTasks` and pool sizes, and starts them
    /// once their start is written: the store knows of every try before its operator acts (write-ahead), so a
    /// process killed at any moment leaves no remote work that a resume cannot account for.
    func schedule(_ group: inout TaskGroup<ChildResult>) async {
        guard stopReason == nil else { return }
        while running < dag.maxActiveTasks, let index = ready.pop() {
            guard records[index].state == .scheduled else { continue }  // skipped by a branch while it waited
            let task = dag.tasks[index]
            let size = configuration.pools.slots[task.pool] ?? 0
            if poolUsage[task.pool, default: 0] + task.poolSlots > size {
                blockedByPool[task.pool, default: []].append(index)
                continue
            }
            start(index)
        }
        guard !launches.isEmpty else { return }
        let starting = launches
        launches.removeAll(keepingCapacity: true)
        if store.isDurable, let failure = await flushWrites() {
            stop(.storeFailure(failure), &group)
            for runner in starting { notStarted(runner.index, because: failure) }
            return
        }
        for runner in starting {
            if dag.tasks[runner.index].startsImmediately {
                group.addImmediateTask { .tryFinished(await runner.run()) }
            } else {
                group.addTask { .tryFinished(await runner.run()) }
            }
        }
    }

    /// A try whose start could not be written never runs: it fails, its slot and clock work are given back.
    private func notStarted(_ index: Int, because failure: String) {
        let task = dag.tasks[index]
        running -= 1
        poolUsage[task.pool, default: 0] -= task.poolSlots
        clock.workEnded()
        if var attempt = records[index].tries.popLast() {
            attempt.state = .failed
            attempt.endDate = clock.now()
            attempt.error = failure
            records[index].tries.append(attempt)
        }
        finish(index, .failed, note: "the try could not start: the run store failed: \(failure)")
    }

    private func start(_ index: Int) {
        let task = dag.tasks[index]
        let now = clock.now()
        running += 1
        poolUsage[task.pool, default: 0] += task.poolSlots
        records[index].tryNumber += 1
        records[index].startDate = records[index].startDate ?? now
        // The host from the start, as Airflow records it: a running try shows where it runs (which replica).
        records[index].tries.append(TryRecord(tryNumber: records[index].tryNumber, startDate: now, state: .running,
                                              hostname: configuration.hostname))
        setState(index, .queued)
        setState(index, .running)
        persist(index)
        let runner = TryRunner(index: index, node: task, context: context(for: index), store: store, clock: clock,
                               alertHook: configuration.alertHook, hostname: configuration.hostname,
                               clearsXComs: resumed || records[index].tryNumber > 1,
                               branchTargets: branching[index] ? dag.indexByID : nil)
        // Counted as clock work from now (not from when the child first runs), so a test clock never skips time
        // between the start decision and the operator's first line.
        clock.workBegan()
        launches.append(runner)
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
                           hooks: hooks, clock: clock, masker: configuration.masker,
                           interruptedWork: interrupted.removeValue(forKey: index), runType: runRecord.runType,
                           dataIntervalStart: runRecord.dataIntervalStart, dataIntervalEnd: runRecord.dataIntervalEnd,
                           runAfter: runRecord.runAfter)
    }
}
