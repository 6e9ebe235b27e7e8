import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Updraft
import UpdraftDrawing

/// The pages of the web UI (server-rendered HTML, one small script) and their form actions. Pages read the store;
/// actions write through it (``RunMaintenance``, ``RunTrigger``), so whichever scheduler replica owns the work acts
/// on them. Every action checks the ``CSRFGuard`` and answers with a redirect to the page it changed.
struct PageRoutes: Sendable {
    let web: WebContext
    let csrf: CSRFGuard
    let logger: Logger

    static let latestRunsShown = 10
    static let defaultRunsPerGrid = 25
    static let defaultDAGsPerPage = 100

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/dags", type: .found) }
        router.get("dags") { request, _ in try await page { try await dagList(request) } }
        router.get("dags/:dag_id") { _, context in
            Response.redirect(to: "/dags/\(PageText.segment(try context.parameters.decoded("dag_id")))/grid", type: .found)
        }
        router.get("dags/:dag_id/grid") { request, context in
            try await page { try await grid(context.parameters.decoded("dag_id"), request: request) }
        }
        router.get("dags/:dag_id/runs/:run_id") { _, context in
            try await page { try await runPage(context) }
        }
        router.get("dags/:dag_id/runs/:run_id/tasks/:task_id") { _, context in
            try await page { try await taskPage(context) }
        }
        router.get("dags/:dag_id/runs/:run_id/tasks/:task_id/logs/:try_number/stream") { _, context in
            try await page {
                let run = try await run(context)
                guard let tryNumber = context.parameters.get("try_number", as: Int.self), tryNumber >= 1 else {
                    throw PageError(.badRequest, "the try number must be a positive integer")
                }
                return try LogStreamRoute(web: web, logger: logger)
                    .stream(run: run, taskID: context.parameters.decoded("task_id"), tryNumber: tryNumber)
            }
        }
        PageActions(web: web, csrf: csrf).add(to: router, page: page)
    }

    /// Runs a page handler, turning what it throws into an HTML error page with the right status, masked.
    func page(_ handler: () async throws -> Response) async throws -> Response {
        do {
            return try await handler()
        } catch let error as PageError {
            throw PageError(error.status, web.masker.mask(error.message))
        } catch let error as APIError {
            throw PageError(error.status, web.masker.mask(error.detail))
        } catch RunStoreError.runOwned(_, let runID, let owner) {
            throw PageError(.conflict, web.masker.mask(
                "run \(runID) is being executed by \(owner.ownerID) on \(owner.hostname); try again once it ends"))
        } catch {
            logger.error("page failed", metadata: ["error": "\(web.masker.mask(String(describing: error)))"])
            throw PageError(.internalServerError, web.masker.mask(String(describing: error)))
        }
    }

    private func dagList(_ request: Request) async throws -> Response {
        let (offset, limit) = try Self.window(request, defaultLimit: Self.defaultDAGsPerPage)
        let total = try await web.store.countDAGs(matching: DAGQuery())
        let shown = try await web.store.dags(matching: DAGQuery(limit: limit, offset: offset))
        let overviews = try await web.store.runsOverview(dagIDs: shown.map(\.dagID), latest: Self.latestRunsShown)
        let rows = shown.map { DAGListPage.Row(record: $0, runs: overviews[$0.dagID] ?? DAGRunsOverview()) }
        return DAGListPage(rows: rows, total: total, offset: offset, limit: limit, csrf: csrf.token,
                           masker: web.masker).render().response()
    }

    private func grid(_ dagID: String, request: Request) async throws -> Response {
        let record = try await web.dagRecord(dagID: dagID)
        let (offset, limit) = try Self.window(request, defaultLimit: Self.defaultRunsPerGrid)
        let runs = try await web.store.runs(matching: RunQuery(dagID: dagID, limit: limit, offset: offset))
        let total = try await web.store.countRuns(matching: RunQuery(dagID: dagID))
        let stored = try await web.store.taskInstanceStates(dagID: dagID, runIDs: runs.map(\.runID))
        var states: [String: [String: TaskInstanceState]] = [:]
        for cell in stored { states[cell.runID, default: [:]][cell.taskID] = cell.state }
        return GridPage(record: record, taskIDs: taskIDs(dagID: dagID, seen: stored.map(\.taskID)), runs: runs,
                        states: states, totalRuns: total, offset: offset, limit: limit, csrf: csrf.token,
                        masker: web.masker).render().response()
    }

    private func runPage(_ context: BasicRequestContext) async throws -> Response {
        let run = try await run(context)
        let instances = try await web.store.taskInstances(dagID: run.dagID, runID: run.runID)
        let dag = web.dagsByID[run.dagID]
        let ordered = order(instances, dagID: run.dagID)
        let graph = dag.map(DAGGraph.init) ?? DAGGraph(dagID: run.dagID, tasks: ordered.map {
            DAGGraph.Node(taskID: $0.taskID, operatorName: "", downstream: [])
        })
        let operators = Dictionary(graph.tasks.map { ($0.taskID, $0.operatorName) }, uniquingKeysWith: { a, _ in a })
        return RunPage(run: run, graph: graph, instances: ordered, operatorNames: operators, csrf: csrf.token,
                       masker: web.masker).render().response()
    }

    private func taskPage(_ context: BasicRequestContext) async throws -> Response {
        let run = try await run(context)
        let taskID = try context.parameters.decoded("task_id")
        guard let instance = try await web.store.taskInstances(dagID: run.dagID, runID: run.runID)
            .first(where: { $0.taskID == taskID }) else {
            throw PageError(.notFound, "run \(run.runID) of \(run.dagID) has no task \(taskID)")
        }
        let xcoms = try await web.store.xcoms(dagID: run.dagID, runID: run.runID, taskID: taskID)
        return TaskPage(run: run, instance: instance, operatorName: web.dagsByID[run.dagID]?.task(taskID)?.operatorName,
                        xcoms: xcoms, logs: logs(of: instance, run: run), logsKept: web.logDirectory != nil,
                        csrf: csrf.token, masker: web.masker).render().response()
    }

    /// Each try's log: read when the try has ended, left to the live stream while it runs.
    private func logs(of instance: TaskInstanceRecord, run: DAGRunRecord) -> [TaskPage.TryLog] {
        guard let directory = web.logDirectory else { return [] }
        var numbers = Set(directory.tryNumbers(dagID: run.dagID, runID: run.runID, taskID: instance.taskID))
        numbers.formUnion(instance.tries.map(\.tryNumber))
        return numbers.sorted().map { number in
            let attempt = instance.tries.first { $0.tryNumber == number }
            let running = instance.state == .running && number == instance.tryNumber && attempt?.endDate == nil
            if running { return TaskPage.TryLog(tryNumber: number, lines: nil, unreadable: nil) }
            do {
                let lines = try directory.lines(dagID: run.dagID, runID: run.runID, taskID: instance.taskID,
                                                tryNumber: number)
                return TaskPage.TryLog(tryNumber: number, lines: lines, unreadable: nil)
            } catch {
                return TaskPage.TryLog(tryNumber: number, lines: [], unreadable: "the log could not be read: \(error)")
            }
        }
    }

    private func run(_ context: BasicRequestContext) async throws -> DAGRunRecord {
        try await web.run(dagID: context.parameters.decoded("dag_id"), runID: context.parameters.decoded("run_id"))
    }

    /// The DAG's task ids in its order when this service knows the DAG, else in the order first seen.
    private func taskIDs(dagID: String, seen: [String]) -> [String] {
        if let dag = web.dagsByID[dagID] { return dag.tasks.map(\.taskID) }
        var unique = Set<String>()
        return seen.filter { unique.insert($0).inserted }
    }

    private func order(_ instances: [TaskInstanceRecord], dagID: String) -> [TaskInstanceRecord] {
        guard let dag = web.dagsByID[dagID] else { return instances.sorted { $0.taskID < $1.taskID } }
        let position = Dictionary(dag.tasks.enumerated().map { ($1.taskID, $0) }, uniquingKeysWith: { a, _ in a })
        return instances.sorted { (position[$0.taskID] ?? .max, $0.taskID) < (position[$1.taskID] ?? .max, $1.taskID) }
    }

    /// `offset` and `limit` from the query (limit at most 1,000), or a 400 page naming the bad one.
    static func window(_ request: Request, defaultLimit: Int) throws -> (offset: Int, limit: Int) {
        let query = request.uri.queryParameters
        let offset = try query.get("offset").map { text in
            guard let value = Int(text), value >= 0 else { throw PageError(.badRequest, "offset must be a whole number ≥ 0") }
            return value
        } ?? 0
        let limit = try query.get("limit").map { text in
            guard let value = Int(text), (1...1_000).contains(value) else {
                throw PageError(.badRequest, "limit must be a whole number from 1 to 1000")
            }
            return value
        } ?? defaultLimit
        return (offset, limit)
    }
}
