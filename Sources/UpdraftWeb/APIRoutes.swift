import Foundation
import HTTPTypes
import Hummingbird
import Updraft

/// Airflow 3's `/api/v2` routes that Updraft serves: DAGs, DAG runs, task instances, logs, XCom entries, clear.
struct APIRoutes: Sendable {
    let web: WebContext

    func add(to router: Router<BasicRequestContext>) {
        let api = router.group("api/v2")
        api.get("dags") { request, _ in try await listDAGs(request) }
        api.get("dags/:dag_id") { _, context in
            try await getDAG(context.parameters.decoded("dag_id"))
        }
        api.patch("dags/:dag_id") { request, context in
            try await patchDAG(context.parameters.decoded("dag_id"), request: request)
        }
        api.get("dags/:dag_id/dagRuns") { request, context in
            try await listRuns(context.parameters.decoded("dag_id"), request: request)
        }
        api.post("dags/:dag_id/dagRuns") { request, context in
            try await triggerRun(context.parameters.decoded("dag_id"), request: request)
        }
        api.get("dags/:dag_id/dagRuns/:run_id") { _, context in
            let run = try await web.run(dagID: context.parameters.decoded("dag_id"),
                                        runID: context.parameters.decoded("run_id"))
            return try JSONResponse.make(DAGRunResponse(run, masker: web.masker))
        }
        api.get("dags/:dag_id/dagRuns/:run_id/taskInstances") { _, context in
            let run = try await web.run(dagID: context.parameters.decoded("dag_id"),
                                        runID: context.parameters.decoded("run_id"))
            let instances = try await web.taskInstanceResponses(run: run)
            return try JSONResponse.make(TaskInstanceCollectionResponse(task_instances: instances,
                                                                        total_entries: instances.count))
        }
        api.get("dags/:dag_id/dagRuns/:run_id/taskInstances/:task_id") { _, context in
            let run = try await web.run(dagID: context.parameters.decoded("dag_id"),
                                        runID: context.parameters.decoded("run_id"))
            let taskID = try context.parameters.decoded("task_id")
            guard let instance = try await web.taskInstanceResponses(run: run).first(where: { $0.task_id == taskID })
            else { throw APIError(.notFound, "Task Instance not found for task_id: \(taskID)") }
            return try JSONResponse.make(instance)
        }
        api.post("dags/:dag_id/clearTaskInstances") { request, context in
            try await ClearRoute(web: web).clear(dagID: context.parameters.decoded("dag_id"), request: request)
        }
        LogAndXComRoutes(web: web).add(to: api)
        PatchRoutes(web: web).add(to: api)
    }

    private func listDAGs(_ request: Request) async throws -> Response {
        let page = try Page(request)
        var query = DAGQuery(idContaining: request.uri.queryParameters.get("dag_id_pattern"),
                             paused: request.uri.queryParameters.get("paused").flatMap(Bool.init))
        let total = try await web.store.countDAGs(matching: query)
        query.limit = page.limit
        query.offset = page.offset
        let records = try await web.store.dags(matching: query)
        return try JSONResponse.make(DAGCollectionResponse(
            dags: records.map { DAGResponse($0, masker: web.masker) }, total_entries: total))
    }

    private func getDAG(_ dagID: String) async throws -> Response {
        try JSONResponse.make(DAGResponse(try await web.dagRecord(dagID: dagID), masker: web.masker))
    }

    private struct PatchBody: Decodable {
        let is_paused: Bool
    }

    private func patchDAG(_ dagID: String, request: Request) async throws -> Response {
        _ = try await web.dagRecord(dagID: dagID)
        let body = try await JSONResponse.decode(PatchBody.self, from: request, limit: web.maxBodySize)
        try await web.store.setPaused(body.is_paused, dagID: dagID)
        return try await getDAG(dagID)
    }

    private func listRuns(_ dagID: String, request: Request) async throws -> Response {
        let page = try Page(request)
        // `~` lists the runs of every DAG, as in Airflow.
        var query = RunQuery(dagID: dagID == "~" ? nil : dagID, limit: page.limit, offset: page.offset)
        if let states = request.uri.queryParameters.getAll("state").nonEmpty {
            query.states = Set(try states.map { text in
                guard let state = DAGRunState(rawValue: text) else {
                    throw APIError(.unprocessableContent, "unknown dag run state \(text.prefix(40))")
                }
                return state
            })
        }
        let runs = try await web.store.runs(matching: query)
        let total = try await web.store.countRuns(matching: query)
        return try JSONResponse.make(DAGRunCollectionResponse(
            dag_runs: runs.map { DAGRunResponse($0, masker: web.masker) }, total_entries: total))
    }

    private func triggerRun(_ dagID: String, request: Request) async throws -> Response {
        let record = try await web.dagRecord(dagID: dagID)
        let body = try await JSONResponse.decode(TriggerBody.self, from: request, limit: web.maxBodySize)
        let run = try await RunTrigger(store: web.store).trigger(dag: record, body: body)
        return try JSONResponse.make(DAGRunResponse(run, masker: web.masker))
    }
}

extension Array {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
