import Foundation
import HTTPTypes
import Hummingbird
import Updraft

/// `POST /api/v2/dags/{dag_id}/clearTaskInstances`: clears task instances of one run (with their downstream or
/// upstream tasks when asked) through ``RunMaintenance``, so a scheduler runs them again.
struct ClearRoute: Sendable {
    /// Airflow's `ClearTaskInstancesBody` (the fields Updraft honours).
    struct Body: Decodable, Sendable {
        let dry_run: Bool?
        let dag_run_id: String?
        let task_ids: [String]?
        let only_failed: Bool?
        let include_downstream: Bool?
        let include_upstream: Bool?
    }

    let web: WebContext

    func clear(dagID: String, request: Request) async throws -> Response {
        let body = try await JSONResponse.decode(Body.self, from: request, limit: web.maxBodySize)
        guard let runID = body.dag_run_id else {
            throw APIError(.badRequest, "Updraft clears task instances of one run: dag_run_id is required")
        }
        let run = try await web.run(dagID: dagID, runID: runID)
        let taskIDs = try selectTasks(dagID: dagID, body: body)
        var selected = try await web.taskInstanceResponses(run: run)
        if let taskIDs { selected = selected.filter { taskIDs.contains($0.task_id) } }
        if body.only_failed ?? true {
            selected = selected.filter { $0.state == "failed" || $0.state == "upstream_failed" }
        }
        // Airflow's dry_run defaults to true: only list what would be cleared.
        if !(body.dry_run ?? true) {
            do {
                try await RunMaintenance(store: web.store).clear(
                    dagID: dagID, runID: runID, taskIDs: Set(selected.map(\.task_id)), failedOnly: false,
                    retriesByTask: Self.retries(of: web.dagsByID[dagID]))
            } catch RunStoreError.runOwned(_, _, let owner) {
                throw APIError(.conflict, "run \(runID) is being executed by \(owner.ownerID); try again once it ends")
            }
        }
        return try JSONResponse.make(TaskInstanceCollectionResponse(task_instances: selected,
                                                                    total_entries: selected.count))
    }

    /// The task ids to clear, widened as asked; nil for every task.
    func selectTasks(dagID: String, body: Body) throws -> Set<String>? {
        guard let requested = body.task_ids else { return nil }
        return try Self.widen(requested, dag: web.dagsByID[dagID], downstream: body.include_downstream ?? false,
                              upstream: body.include_upstream ?? false)
    }

    /// `requested` with every task downstream and/or upstream of them in `dag` (as given when the DAG is unknown).
    /// - Throws: a 404 naming a task the DAG does not have.
    static func widen(_ requested: [String], dag: DAG?, downstream: Bool, upstream: Bool) throws -> Set<String> {
        guard let dag else { return Set(requested) }
        var selected = Set(requested)
        var frontier = requested
        while let taskID = frontier.popLast() {
            guard dag.task(taskID) != nil else { throw APIError(.notFound, "Task \(taskID) not found in \(dag.dagID)") }
            var next: [String] = []
            if downstream { next += dag.downstreamTaskIDs(of: taskID) }
            if upstream { next += dag.upstreamTaskIDs(of: taskID) }
            for neighbour in next where selected.insert(neighbour).inserted { frontier.append(neighbour) }
        }
        return selected
    }

    /// Retries by task id, so a cleared task gets its DAG's retries again.
    static func retries(of dag: DAG?) -> [String: Int] {
        guard let dag else { return [:] }
        return Dictionary(dag.tasks.map { ($0.taskID, $0.retries) }, uniquingKeysWith: { first, _ in first })
    }
}
