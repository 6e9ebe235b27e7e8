import Foundation
import Logging

/// Task state changes (recorded, emitted as events, batched for the store) and the end of the run.
extension RunExecution {
    /// Puts a task in a final state and wakes its downstream tasks.
    func finish(_ index: Int, _ state: TaskInstanceState, note: String? = nil) {
        decided[index] = true
        records[index].endDate = clock.now()
        if state != .success, let note { records[index].error = configuration.masker.mask(note) }
        setState(index, state, message: records[index].error)
        persist(index)
        // A cancelled run leaves downstream tasks untouched, so resuming it evaluates them afresh.
        guard stopReason?.leavesTasksPending != true else { return }
        for child in dag.graph.downstream(of: index) {
            counts[Int(child)].record(state)
            worklist.append(Int(child))
        }
    }

    func setState(_ index: Int, _ state: TaskInstanceState, message: String? = nil) {
        records[index].state = state
        emit(.task(taskID: dag.tasks[index].taskID, state: state, tryNumber: records[index].tryNumber),
             message: message)
    }

    func persist(_ index: Int) {
        if !dirty[index] {
            dirty[index] = true
            dirtyIndices.append(index)
        }
    }

    func emit(_ change: RunEvent.Change, message: String? = nil) {
        events?.send(RunEvent(date: clock.now(), dagID: dag.dagID, runID: runID, change: change, message: message))
    }

    func log(_ index: Int, _ level: Logger.Level, _ message: String) {
        let line = TaskLogLine(date: clock.now(), level: level, message: configuration.masker.mask(message))
        logs.append(line, taskID: dag.tasks[index].taskID, tryNumber: max(records[index].tryNumber, 1))
    }

    // MARK: End

    func finish() async -> DAGRunResult {
        if case .leaseLost? = stopReason { return abandon() }
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
        await leaseKeeper?.release()
        if let failure = logs.finishAll() {
            configuration.logger.warning("task logs could not be written: \(configuration.masker.mask(failure))",
                                         metadata: [LoggingKeys.dagID: "\(dag.dagID)", LoggingKeys.runID: "\(runID)"])
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

    /// The end of a run whose lease was lost: another process owns it now, so nothing more is written, no callback
    /// runs and the run is left as the store has it (running, under its new owner).
    private func abandon() -> DAGRunResult {
        if let failure = logs.finishAll() {
            configuration.logger.warning("task logs could not be written: \(configuration.masker.mask(failure))",
                                         metadata: [LoggingKeys.dagID: "\(dag.dagID)", LoggingKeys.runID: "\(runID)"])
        }
        emit(.run(runRecord.state), message: runRecord.note)
        events?.finish()
        return DAGRunResult(run: runRecord, taskInstances: TaskInstanceTable(records: records, positions: dag.indexByID),
                            logs: logs, store: store)
    }

    /// Writes the task instances changed since the last flush, in one batch; returns the failure (masked), if any.
    /// Nothing is written once the run's lease is lost: the run belongs to another process.
    func flushWrites() async -> String? {
        if case .leaseLost? = stopReason { return nil }
        guard !dirtyIndices.isEmpty else { return nil }
        // A try out in another process is its claimer's to write: the owner's copy (queued) would undo its claim.
        let batch = remote.isEmpty ? dirtyIndices.map { records[$0] }
                                   : dirtyIndices.filter { !remote.contains($0) }.map { records[$0] }
        for index in dirtyIndices { dirty[index] = false }
        dirtyIndices.removeAll(keepingCapacity: true)
        guard !batch.isEmpty else { return nil }
        do {
            try await store.saveTaskInstances(batch, dagID: dag.dagID, runID: runID)
            return nil
        } catch {
            return configuration.masker.mask(String(describing: error))
        }
    }
}
