import Foundation

/// Changes a user makes to a stored run from outside the process running it — Airflow's `tasks clear`, mark success
/// and mark failed — written through the store, so that whichever process (or replica) acts next sees them. A run
/// its owner is still executing is refused with the owner's name: stop it (or let it finish) first.
public struct RunMaintenance: Sendable {
    /// The store holding the runs.
    public let store: any RunStore
    /// The clock deciding whether a run's lease is still alive.
    public let clock: any UpdraftClock

    /// Maintenance on `store`.
    public init(store: any RunStore, clock: any UpdraftClock = SystemClock()) {
        self.store = store
        self.clock = clock
    }

    /// Clears task instances so that they run again when the run is next resumed or picked up by a scheduler
    /// (Airflow's `clear_task_instances`): each goes back to no state with its tries kept, gets its retries again,
    /// and the run is queued.
    /// - Parameters:
    ///   - dagID: the run's DAG.
    ///   - runID: the run.
    ///   - taskIDs: the task ids to clear (already widened to upstream or downstream tasks by the caller).
    ///   - failedOnly: clear only those that failed or were upstream-failed.
    ///   - retriesByTask: each task's `retries` as its DAG now says, given again after the tries made (a task not
    ///     listed gets the retries its stored record allowed).
    /// - Returns: the ids of the task instances cleared.
    /// - Throws: ``RunStoreError/runNotFound(dagID:runID:)``, ``RunStoreError/runOwned(dagID:runID:owner:)``.
    @discardableResult
    public func clear(dagID: String, runID: String, taskIDs: Set<String>, failedOnly: Bool = false,
                      retriesByTask: [String: Int] = [:]) async throws -> [String] {
        var run = try await unownedRun(dagID: dagID, runID: runID)
        var cleared: [TaskInstanceRecord] = []
        for var instance in try await store.taskInstances(dagID: dagID, runID: runID)
        where taskIDs.contains(instance.taskID) {
            if failedOnly, instance.state != .failed, instance.state != .upstreamFailed { continue }
            instance.state = .pending
            instance.endDate = nil
            instance.error = nil
            instance.maxTries = instance.tryNumber + (retriesByTask[instance.taskID] ?? max(0, instance.maxTries - 1)) + 1
            cleared.append(instance)
        }
        try await store.saveTaskInstances(cleared, dagID: dagID, runID: runID)
        if !cleared.isEmpty {
            run.state = .queued
            run.endDate = nil
            run.note = nil
            try await store.saveRun(run)
        }
        return cleared.map(\.taskID)
    }

    /// Marks a run success or failed, as Airflow's UI does: for success every unfinished task instance succeeds; for
    /// failed, tasks that were running fail and the other unfinished ones are skipped.
    /// - Parameters:
    ///   - dagID: the run's DAG.
    ///   - runID: the run.
    ///   - state: `success` or `failed`.
    /// - Throws: ``RunStoreError/runNotFound(dagID:runID:)``, ``RunStoreError/runOwned(dagID:runID:owner:)``.
    public func mark(dagID: String, runID: String, as state: DAGRunState) async throws {
        var run = try await unownedRun(dagID: dagID, runID: runID)
        let now = clock.now()
        var changed: [TaskInstanceRecord] = []
        for var instance in try await store.taskInstances(dagID: dagID, runID: runID) where !instance.state.isFinished {
            instance.state = state == .success ? .success : (instance.state == .running ? .failed : .skipped)
            instance.endDate = now
            changed.append(instance)
        }
        try await store.saveTaskInstances(changed, dagID: dagID, runID: runID)
        run.state = state
        run.endDate = now
        run.note = "marked \(state.rawValue) by hand"
        try await store.saveRun(run)
    }

    /// Sets the state of task instances by hand (Airflow's mark success / mark failed of tasks); the run is left as
    /// it is: resume or clear it to go on.
    /// - Parameters:
    ///   - dagID: the run's DAG.
    ///   - runID: the run.
    ///   - taskIDs: the task instances to mark.
    ///   - state: their new state.
    /// - Throws: ``RunStoreError/runNotFound(dagID:runID:)``, ``RunStoreError/runOwned(dagID:runID:owner:)``.
    public func mark(dagID: String, runID: String, taskIDs: Set<String>, as state: TaskInstanceState) async throws {
        _ = try await unownedRun(dagID: dagID, runID: runID)
        let now = clock.now()
        let changed = try await store.taskInstances(dagID: dagID, runID: runID).filter { taskIDs.contains($0.taskID) }
            .map { instance -> TaskInstanceRecord in
                var marked = instance
                marked.state = state
                marked.endDate = now
                return marked
            }
        try await store.saveTaskInstances(changed, dagID: dagID, runID: runID)
        try await store.sync()
    }

    /// The run, unless a live owner is executing it.
    private func unownedRun(dagID: String, runID: String) async throws -> DAGRunRecord {
        guard let run = try await store.run(dagID: dagID, runID: runID) else {
            throw RunStoreError.runNotFound(dagID: dagID, runID: runID)
        }
        if let lease = try await store.lease(dagID: dagID, runID: runID), lease.expiresAt > clock.now() {
            throw RunStoreError.runOwned(dagID: dagID, runID: runID, owner: lease)
        }
        return run
    }
}
