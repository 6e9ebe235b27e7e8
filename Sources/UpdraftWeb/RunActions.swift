import Foundation
import HTTPTypes
import Updraft

/// What the pages and `/api/v2` both do to a run, through the store, so they behave the same: mark a task instance
/// (then clear its failed downstream tasks so the run goes on, as Airflow's `set_task_instance_state`) or mark a
/// whole run.
struct RunActions: Sendable {
    let web: WebContext

    /// Marks `taskID` of a run `state` (success or failed) and clears the tasks downstream of it that failed or did
    /// not run for an upstream failure; returns the ids of every task instance changed.
    /// - Throws: a 400 for another state; ``RunStoreError/runOwned(dagID:runID:owner:)`` while a scheduler runs it.
    @discardableResult
    func markTask(_ taskID: String, dagID: String, runID: String, as state: TaskInstanceState) async throws -> [String] {
        guard state == .success || state == .failed else {
            throw APIError(.badRequest, "a task instance is marked success or failed, not \(state.rawValue)")
        }
        _ = try await web.run(dagID: dagID, runID: runID)
        let dag = web.dagsByID[dagID]
        let downstream = try ClearRoute.widen([taskID], dag: dag, downstream: true, upstream: false).subtracting([taskID])
        let maintenance = RunMaintenance(store: web.store)
        try await maintenance.mark(dagID: dagID, runID: runID, taskIDs: [taskID], as: state)
        guard !downstream.isEmpty else { return [taskID] }
        let cleared = try await maintenance.clear(dagID: dagID, runID: runID, taskIDs: downstream, failedOnly: true,
                                                  retriesByTask: ClearRoute.retries(of: dag))
        return [taskID] + cleared
    }

    /// Marks a run success or failed with its unfinished tasks.
    func markRun(dagID: String, runID: String, as state: DAGRunState) async throws {
        guard state == .success || state == .failed else {
            throw APIError(.badRequest, "a run is marked success or failed, not \(state.rawValue)")
        }
        _ = try await web.run(dagID: dagID, runID: runID)
        try await RunMaintenance(store: web.store).mark(dagID: dagID, runID: runID, as: state)
    }
}
