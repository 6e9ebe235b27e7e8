import Foundation
import Logging
import ProcessTestSupport
import ServiceLifecycle
import Synchronization
import Testing
import Updraft
import UpdraftService
import UpdraftWeb

/// The web server on a loopback port with the scheduler beside it, as `serve` runs them, called over HTTP by curl:
/// Airflow's `/api/v2` paths and field names, a trigger the scheduler runs, pause, health, masking, refusals.
@Suite struct WebServerTests {
    static let secret = "web-s3cr3t-value"

    /// Serves `dags` on `store` (in memory by default) with a scheduler, calls `body` with the base URL, then shuts
    /// down.
    /// - Parameters:
    ///   - logDirectory: where the engine writes task logs and the server reads them.
    ///   - webLogger: the server's logger.
    static func serving(_ dags: [DAG], masker: SecretMasker = SecretMasker(), auth: WebAuthConfiguration? = nil,
                        logDirectory: URL? = nil, store: any RunStore = InMemoryRunStore(),
                        webLogger: Logger = Logger(label: "web", factory: { _ in SwiftLogNoOpLogHandler() }),
                        _ body: @Sendable (String, any RunStore) async throws -> Void) async throws {
        let scheduler = UpdraftService(dags: dags, engine: Engine.Configuration(store: store, masker: masker,
                                                                                logDirectory: logDirectory))
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let web = UpdraftWebServer(configuration: WebServerConfiguration(port: 0, auth: auth), store: store, dags: dags,
                                   heartbeat: scheduler.heartbeat, masker: masker, logDirectory: logDirectory,
                                   logger: webLogger, onRunning: { port.yield($0) })
        let group = ServiceGroup(services: [scheduler, web],
                                 logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var bound = 0
            for await value in ports {
                bound = value
                break
            }
            do {
                try await body("http://127.0.0.1:\(bound)", store)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// `curl -sS -w '\n%{http_code}'`: the body and the status.
    static func call(_ method: String, _ url: String, json: String? = nil, headers: [String] = [])
        async throws -> (status: Int, body: String) {
        var arguments = ["-sS", "-X", method, "-w", "\n%{http_code}", url]
        for header in headers { arguments += ["-H", header] }
        if let json {
            // A body through a file: a large one would not fit on a command line.
            let file = FileManager.default.temporaryDirectory.appending(path: "body-\(UUID().uuidString).json")
            try Data(json.utf8).write(to: file)
            arguments += ["-H", "Content-Type: application/json", "--data-binary", "@\(file.path)"]
        }
        let exit = try await ChildProcess.run("curl", arguments)
        let lines = exit.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(.timeLimit(.minutes(1))) func airflowsPathsListTriggerAndFollowARun() async throws {
        let masker = SecretMasker()
        masker.register(Self.secret)
        let dag = try DAG("talend_jobs", tags: ["talend"]) { dag in
            dag.task("extract") { context in
                context.logger.info("using \(Self.secret) for <script>alert(1)</script>")
                return context.params["region"] ?? "none"
            }
        }
        try await Self.serving([dag], masker: masker) { base, store in
            let dags = try await Self.call("GET", "\(base)/api/v2/dags?limit=100")
            #expect(dags.status == 200, "\(dags.body)")
            let listed = try Self.object(dags.body)
            #expect(listed["total_entries"] as? Int == 1)
            #expect(((listed["dags"] as? [[String: Any]])?.first?["dag_id"] as? String) == "talend_jobs")

            let changes = store.changeSignals()
            let trigger = try await Self.call("POST", "\(base)/api/v2/dags/talend_jobs/dagRuns",
                                              json: #"{"dag_run_id": "from-api", "conf": {"region": "eu"}}"#)
            #expect(trigger.status == 200, "\(trigger.body)")
            #expect(try Self.object(trigger.body)["dag_run_id"] as? String == "from-api")

            // The scheduler picks the run up at once (the store's change signal); the task ends successfully. The
            // API is asked again at each change of the store.
            var state = ""
            for await _ in changes {
                let run = try await Self.call("GET", "\(base)/api/v2/dags/talend_jobs/dagRuns/from-api")
                state = (try? Self.object(run.body))?["state"] as? String ?? ""
                if state == "success" || state == "failed" { break }
            }
            #expect(state == "success")
            let instances = try await Self.call("GET", "\(base)/api/v2/dags/talend_jobs/dagRuns/from-api/taskInstances")
            #expect(instances.body.contains(#""task_id":"extract""#) && instances.body.contains(#""state":"success""#),
                    "\(instances.body)")
            let xcom = try await Self.call(
                "GET", "\(base)/api/v2/dags/talend_jobs/dagRuns/from-api/taskInstances/extract/xcomEntries/return_value")
            #expect(xcom.status == 200 && xcom.body.contains("eu"), "\(xcom.body)")
            let duplicate = try await Self.call("POST", "\(base)/api/v2/dags/talend_jobs/dagRuns",
                                                json: #"{"dag_run_id": "from-api"}"#)
            #expect(duplicate.status == 409, "\(duplicate.body)")
        }
    }

    @Test func pauseHealthAndBadRequests() async throws {
        let dag = try DAG("nightly", schedule: "0 2 * * *", startDate: Date()) { dag in dag.task("t", EmptyOperator()) }
        try await Self.serving([dag]) { base, store in
            let pause = try await Self.call("PATCH", "\(base)/api/v2/dags/nightly", json: #"{"is_paused": true}"#)
            let paused = try Self.object(pause.body)["is_paused"] as? Bool
            #expect(pause.status == 200 && paused == true, "\(pause.body)")
            #expect(try await store.dag(dagID: "nightly")?.isPaused == true, "written through the store")

            let health = try await Self.call("GET", "\(base)/health")
            #expect(health.status == 200, "\(health.body)")
            let missing = try await Self.call("GET", "\(base)/api/v2/dags/nope")
            #expect(missing.status == 404 && missing.body.contains("detail"), "a JSON error: \(missing.body)")
            let broken = try await Self.call("POST", "\(base)/api/v2/dags/nightly/dagRuns", json: "{not json")
            #expect(broken.status == 400 || broken.status == 422, "\(broken.status) \(broken.body)")
            let huge = try await Self.call("POST", "\(base)/api/v2/dags/nightly/dagRuns",
                                           json: "{\"conf\": {\"x\": \"" + String(repeating: "a", count: 2 << 20) + "\"}}")
            #expect(huge.status == 413, "\(huge.status)")
        }
    }

    @Test func withUsersTheAPITakesBearerTokensFromAuthToken() async throws {
        let dag = try DAG("secured") { dag in dag.task("t", EmptyOperator()) }
        try await Self.serving([dag], auth: WebAuthConfiguration(users: ["admin": "pa55word"])) { base, _ in
            let anonymous = try await Self.call("GET", "\(base)/api/v2/dags")
            #expect(anonymous.status == 401, "\(anonymous.body)")
            let wrong = try await Self.call("POST", "\(base)/auth/token",
                                            json: #"{"username": "admin", "password": "nope"}"#)
            #expect(wrong.status == 401 && !wrong.body.contains("pa55word"))
            let token = try await Self.call("POST", "\(base)/auth/token",
                                            json: #"{"username": "admin", "password": "pa55word"}"#)
            let accessToken = try #require(try Self.object(token.body)["access_token"] as? String, "\(token.body)")
            let listed = try await Self.call("GET", "\(base)/api/v2/dags", headers: ["Authorization: Bearer \(accessToken)"])
            #expect(listed.status == 200 && listed.body.contains("secured"), "\(listed.body)")
        }
    }

    @Test func anotherAddressWithoutAuthenticationIsRefused() async throws {
        let web = UpdraftWebServer(configuration: WebServerConfiguration(host: "0.0.0.0", port: 0),
                                   store: InMemoryRunStore(), dags: [])
        await #expect(throws: WebServerError.self) { try await web.run() }
    }
}
