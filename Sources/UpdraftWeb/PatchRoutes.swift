import Foundation
import HTTPTypes
import Hummingbird
import Updraft

/// Airflow 3's `PATCH` of a DAG run (`state`: mark it success or failed; `queued`: clear it so it runs again) and of
/// a task instance (`new_state`: mark it, clearing its failed downstream tasks), through ``RunActions``.
struct PatchRoutes: Sendable {
    struct RunBody: Decodable, Sendable {
        let state: String?
        let note: String?
    }

    struct TaskInstanceBody: Decodable, Sendable {
        let new_state: String?
        let dry_run: Bool?
    }

    let web: WebContext

    func add(to api: RouterGroup<BasicRequestContext>) {
        api.patch("dags/:dag_id/dagRuns/:run_id") { request, context in
            try await patchRun(context.parameters.decoded("dag_id"), context.parameters.decoded("run_id"), request)
        }
        api.patch("dags/:dag_id/dagRuns/:run_id/taskInstances/:task_id") { request, context in
            try await patchTaskInstance(context.parameters.decoded("dag_id"), context.parameters.decoded("run_id"),
                                        context.parameters.decoded("task_id"), request)
        }
    }

    private func patchRun(_ dagID: String, _ runID: String, _ request: Request) async throws -> Response {
        let body = try await JSONResponse.decode(RunBody.self, from: request, limit: web.maxBodySize)
        try await conflictsAsAPIErrors {
            switch body.state {
            case nil: break
            case "queued":
                let taskIDs = Set(try await web.store.taskInstances(dagID: dagID, runID: runID).map(\.taskID))
                try await RunMaintenance(store: web.store).clear(
                    dagID: dagID, runID: runID, taskIDs: taskIDs, retriesByTask: ClearRoute.retries(of: web.dagsByID[dagID]))
            case let text?:
                guard let state = DAGRunState(rawValue: text) else {
                    throw APIError(.unprocessableContent, "state must be success, failed or queued")
                }
                try await RunActions(web: web).markRun(dagID: dagID, runID: runID, as: state)
            }
            if let note = body.note {
                var run = try await web.run(dagID: dagID, runID: runID)
                run.note = note
                try await web.store.saveRun(run)
            }
        }
        return try JSONResponse.make(DAGRunResponse(try await web.run(dagID: dagID, runID: runID), masker: web.masker))
    }

    private func patchTaskInstance(_ dagID: String, _ runID: String, _ taskID: String,
                                   _ request: Request) async throws -> Response {
        let body = try await JSONResponse.decode(TaskInstanceBody.self, from: request, limit: web.maxBodySize)
        let run = try await web.run(dagID: dagID, runID: runID)
        var changed: Set<String> = [taskID]
        if let text = body.new_state, !(body.dry_run ?? false) {
            guard let state = TaskInstanceState(rawValue: text) else {
                throw APIError(.unprocessableContent, "new_state must be success or failed")
            }
            try await conflictsAsAPIErrors {
                changed = Set(try await RunActions(web: web).markTask(taskID, dagID: dagID, runID: runID, as: state))
            }
        }
        let instances = try await web.taskInstanceResponses(run: run).filter { changed.contains($0.task_id) }
        guard !instances.isEmpty else { throw APIError(.notFound, "Task Instance not found for task_id: \(taskID)") }
        return try JSONResponse.make(TaskInstanceCollectionResponse(task_instances: instances,
                                                                    total_entries: instances.count))
    }

    /// A run a scheduler executes cannot be changed under it: 409, naming the owner.
    private func conflictsAsAPIErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch RunStoreError.runOwned(_, let runID, let owner) {
            throw APIError(.conflict, "run \(runID) is being executed by \(owner.ownerID); try again once it ends")
        } catch RunStoreError.runNotFound(let dagID, let runID) {
            throw APIError(.notFound, "The DagRun with dag_id: `\(dagID)` and run_id: `\(runID)` was not found")
        }
    }
}
