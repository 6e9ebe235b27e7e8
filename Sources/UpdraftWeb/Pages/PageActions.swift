import Foundation
import HTTPTypes
import Hummingbird
import Updraft

/// The pages' form posts: pause or unpause a DAG, trigger a run with a conf, clear task instances (with their
/// downstream tasks when asked), mark a run or a task instance success or failed. Each writes through the store
/// and redirects (303) to the page it changed.
struct PageActions: Sendable {
    let web: WebContext
    let csrf: CSRFGuard

    typealias PageWrapper = @Sendable (() async throws -> Response) async throws -> Response

    func add(to router: Router<BasicRequestContext>, page: @escaping PageWrapper) {
        router.post("dags/:dag_id/pause") { request, context in
            try await page { try await pause(context.parameters.decoded("dag_id"), request: request) }
        }
        router.post("dags/:dag_id/trigger") { request, context in
            try await page { try await trigger(context.parameters.decoded("dag_id"), request: request) }
        }
        router.post("dags/:dag_id/runs/:run_id/clear") { request, context in
            try await page {
                try await clear(context.parameters.decoded("dag_id"), context.parameters.decoded("run_id"), request: request)
            }
        }
        router.post("dags/:dag_id/runs/:run_id/mark") { request, context in
            try await page {
                try await mark(context.parameters.decoded("dag_id"), context.parameters.decoded("run_id"), request: request)
            }
        }
    }

    private func form(_ request: Request) async throws -> PageForm {
        let form = try await PageForm.read(request, limit: web.maxBodySize)
        try csrf.check(form, request: request)
        return form
    }

    private func pause(_ dagID: String, request: Request) async throws -> Response {
        let form = try await form(request)
        _ = try await web.dagRecord(dagID: dagID)
        guard let paused = form.values["paused"].flatMap(Bool.init) else {
            throw PageError(.badRequest, "paused must be true or false")
        }
        try await web.store.setPaused(paused, dagID: dagID)
        // Only a path of this site: a posted absolute URL would make the form an open redirect.
        let next = form.values["next"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil }
        return .redirect(to: next ?? "/dags/\(PageText.segment(dagID))/grid", type: .normal)
    }

    private func trigger(_ dagID: String, request: Request) async throws -> Response {
        let form = try await form(request)
        let record = try await web.dagRecord(dagID: dagID)
        let confText = form.values["conf"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        var conf: [String: JSONValue] = [:]
        if !confText.isEmpty {
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(confText.utf8)),
                  case .object(let fields) = value else {
                throw PageError(.badRequest, "conf must be a JSON object, e.g. {\"region\": \"eu\"}")
            }
            conf = fields
        }
        let runID = form.values["run_id"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let run = try await RunTrigger(store: web.store).trigger(
            dag: record, body: TriggerBody(dag_run_id: runID, logical_date: nil, run_after: nil, conf: conf, note: nil))
        return .redirect(to: "/dags/\(PageText.segment(dagID))/runs/\(PageText.segment(run.runID))", type: .normal)
    }

    private func clear(_ dagID: String, _ runID: String, request: Request) async throws -> Response {
        let form = try await form(request)
        _ = try await web.run(dagID: dagID, runID: runID)
        let dag = web.dagsByID[dagID]
        let requested = form.all["task_id"] ?? []
        let taskIDs: Set<String>
        if requested.isEmpty {
            taskIDs = Set(try await web.store.taskInstances(dagID: dagID, runID: runID).map(\.taskID))
        } else {
            taskIDs = try ClearRoute.widen(requested, dag: dag, downstream: form.values["downstream"] == "on",
                                           upstream: false)
        }
        try await RunMaintenance(store: web.store).clear(dagID: dagID, runID: runID, taskIDs: taskIDs,
                                                         failedOnly: form.values["failed_only"] == "on",
                                                         retriesByTask: ClearRoute.retries(of: dag))
        return redirect(dagID, runID, task: requested.count == 1 ? requested.first : nil)
    }

    private func mark(_ dagID: String, _ runID: String, request: Request) async throws -> Response {
        let form = try await form(request)
        let state = form.values["state"] ?? ""
        guard let taskID = form.values["task_id"] else {
            guard let runState = DAGRunState(rawValue: state) else { throw PageError(.badRequest, "unknown run state") }
            try await RunActions(web: web).markRun(dagID: dagID, runID: runID, as: runState)
            return redirect(dagID, runID, task: nil)
        }
        guard let taskState = TaskInstanceState(rawValue: state) else { throw PageError(.badRequest, "unknown task state") }
        try await RunActions(web: web).markTask(taskID, dagID: dagID, runID: runID, as: taskState)
        return redirect(dagID, runID, task: taskID)
    }

    private func redirect(_ dagID: String, _ runID: String, task: String?) -> Response {
        let run = "/dags/\(PageText.segment(dagID))/runs/\(PageText.segment(runID))"
        return .redirect(to: task.map { "\(run)/tasks/\(PageText.segment($0))" } ?? run, type: .normal)
    }
}
