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
    /// process killed at any moment leaves no remote work that a resume cannot account for. The store has the last
    /// word on the slots (``RunStore/startTries(_:dagID:runID:limits:)``): the limits hold across every run of the
    /// DAG and every process sharing the store, as Airflow's do across its schedulers; a refused task waits for a
    /// try's end.
    func schedule(_ group: inout TaskGroup<ChildResult>) async {
        guard stopReason == nil else { return }
        var chosen: [Int] = []
        var chosenSlots: [String: Int] = [:]
        while running + chosen.count < dag.maxActiveTasks, let index = ready.pop() {
            guard records[index].state == .scheduled else { continue }  // skipped by a branch while it waited
            let task = dag.tasks[index]
            let size = configuration.pools.slots[task.pool] ?? 0
            if poolUsage[task.pool, default: 0] + chosenSlots[task.pool, default: 0] + task.poolSlots > size {
                blockedByPool[task.pool, default: []].append(index)
                continue
            }
            chosenSlots[task.pool, default: 0] += task.poolSlots
            chosen.append(index)
        }
        guard !chosen.isEmpty else { return }
        let now = clock.now()
        let starts = chosen.map { startedRecord($0, at: now, queued: queuesTry(of: $0)) }
        // A reattached try holds its slot already (its remote work never stopped): only new tries ask the store.
        let asked = chosen.indices.filter { interrupted[chosen[$0]] == nil }
        var admitted: [String] = []
        if !asked.isEmpty {
            do {
                admitted = try await store.startTries(asked.map { starts[$0] }, dagID: dag.dagID, runID: runID,
                                                      limits: slotLimits, now: now)
            } catch {
                for index in chosen { ready.push(index, priority: priorities[index]) }
                stop(.storeFailure(configuration.masker.mask(String(describing: error))), &group)
                return
            }
        }
        // The admitted ids come in the order asked: matched by walking both, without hashing.
        var nextAdmitted = 0
        for (position, index) in chosen.enumerated() {
            let written = nextAdmitted < admitted.count && admitted[nextAdmitted] == starts[position].taskID
            if written { nextAdmitted += 1 }
            if written, starts[position].queuesTry {
                queue(index, as: starts[position])
            } else if written || interrupted[index] != nil {
                start(index, as: starts[position], written: written)
            } else {
                waitingForSlot.append(index)
            }
        }
        if !waitingForSlot.isEmpty { waitForSlots(&group) }
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

    /// Waits, as a child of the run's group, for a try to end anywhere (one waiter at a time).
    private func waitForSlots(_ group: inout TaskGroup<ChildResult>) {
        guard !slotWaiterActive else { return }
        slotWaiterActive = true
        guard let signals = slotSignals else {
            // Subscribed at the first refusal, not before: the stream's watchers cost a run that is never refused
            // nothing. One more attempt at once covers a try that ended between the refusal and the subscription.
            slotSignals = store.slotSignals()
            group.addTask { .slotsMayBeFree }
            return
        }
        group.addTask {
            for await _ in signals { break }
            return .slotsMayBeFree
        }
    }

    /// A try holds one of the run's `maxActiveTasks` slots and its pool's slots from its start (or its queueing) until
    /// its end is handled.
    func holdSlots(of index: Int) {
        let task = dag.tasks[index]
        running += 1
        poolUsage[task.pool, default: 0] += task.poolSlots
    }

    /// Gives back what ``holdSlots(of:)`` took.
    func releaseSlots(of index: Int) {
        let task = dag.tasks[index]
        running -= 1
        poolUsage[task.pool, default: 0] -= task.poolSlots
    }

    /// A try whose start could not be written never runs: it fails, its slot and clock work are given back.
    private func notStarted(_ index: Int, because failure: String) {
        releaseSlots(of: index)
        clock.workEnded()
        if var attempt = records[index].tries.popLast() {
            attempt.state = .failed
            attempt.endDate = clock.now()
            attempt.error = failure
            records[index].tries.append(attempt)
        }
        finish(index, .failed, note: "the try could not start: the run store failed: \(failure)")
    }

    /// The task instance as the start of its next try writes it. A `queued` try waits in the store for a process to
    /// claim it, which writes its host then.
    private func startedRecord(_ index: Int, at now: Date, queued: Bool) -> TaskInstanceRecord {
        var record = records[index]
        record.tryNumber += 1
        record.startDate = record.startDate ?? now
        // The host from the start, as Airflow records it: a running try shows where it runs (which replica).
        record.tries.append(TryRecord(tryNumber: record.tryNumber, startDate: now, state: queued ? .queued : .running,
                                      hostname: queued ? nil : configuration.hostname))
        record.state = .running
        return record
    }

    /// Starts a try as `started` says; `written` when the store already holds that record.
    private func start(_ index: Int, as started: TaskInstanceRecord, written: Bool) {
        let task = dag.tasks[index]
        holdSlots(of: index)
        records[index] = started
        setState(index, .queued)
        setState(index, .running)
        if !written { persist(index) }
        let runner = TryRunner(index: index, node: task, context: context(for: index), store: store, clock: clock,
                               alertHook: configuration.alertHook, hostname: configuration.hostname,
                               clearsXComs: resumed || records[index].tryNumber > 1,
                               branchTargets: branching[index] ? dag.indexByID : nil)
        // Counted as clock work from now (not from when the child first runs), so a test clock never skips time
        // between the start decision and the operator's first line.
        clock.workBegan()
        launches.append(runner)
    }

    func context(for index: Int) -> TaskContext {
        var run = runRecord
        run.runID = runID
        run.logicalDate = logicalDate
        return TryContext.make(task: dag.tasks[index], dag: dag, run: run, params: params, overrides: paramOverrides,
                               tryNumber: records[index].tryNumber, maxTries: records[index].maxTries, logs: logs,
                               hooks: hooks, configuration: configuration,
                               interruptedWork: interrupted.removeValue(forKey: index))
    }
}
