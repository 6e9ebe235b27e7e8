import Foundation
import Logging
import ProcessTestSupport
import Synchronization
import Testing
import Updraft
import UpdraftWeb

/// The pages over HTTP: what they show of a run (escaped, masked), their security headers, the form token, and the
/// actions writing through the store.
@Suite struct WebPagesTests {
    static let secret = #"pa55+/&<"'>word"#
    static let hostile = #"<script>alert(1)</script><img src=x onerror=alert(2)>"#

    /// A DAG whose run carries hostile text and the secret everywhere a page shows run data: conf, log lines, XCom,
    /// an error; `load` fails and `report` (downstream) cannot run.
    static func hostileDAG() throws -> DAG {
        try DAG("hostile_dag", description: "shows \(hostile)", tags: ["<b>tag</b>"]) { dag in
            let extract = dag.task("extract") { context in
                context.logger.info("connecting with \(Self.secret) \(Self.hostile)")
                context.logger.warning("</pre><script>alert(3)</script>")
                return JSONValue.object(["html": .string(Self.hostile), "password": .string(Self.secret)])
            }
            let load = dag.task("load") { _ -> JSONValue in
                throw PageTestFailure(description: "load failed: \(Self.hostile) with \(Self.secret)")
            }
            extract >> load
            load >> dag.task("report", EmptyOperator())
        }
    }

    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "web-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Triggers `runID` through the API and waits, at each change of the store, for it to end.
    static func runToEnd(_ base: String, dagID: String, runID: String, conf: String = "{}",
                         store: any RunStore) async throws -> DAGRunState? {
        let changes = store.changeSignals()
        let trigger = try await WebServerTests.call("POST", "\(base)/api/v2/dags/\(dagID)/dagRuns",
                                                    json: #"{"dag_run_id": "\#(runID)", "conf": \#(conf)}"#)
        #expect(trigger.status == 200, "\(trigger.body)")
        for await _ in changes {
            if let run = try await store.run(dagID: dagID, runID: runID), run.state == .success || run.state == .failed {
                return run.state
            }
        }
        return nil
    }

    @Test(.timeLimit(.minutes(1))) func everyPageShowsTheRunEscapedAndMasked() async throws {
        let masker = SecretMasker()
        masker.register(Self.secret)
        let logs = try Self.scratch()
        try await WebServerTests.serving([try Self.hostileDAG()], masker: masker, logDirectory: logs) { base, store in
            let conf = #"{"note": "<script>alert(4)</script>", "token": "pa55+/&<\"'>word"}"#
            #expect(try await Self.runToEnd(base, dagID: "hostile_dag", runID: "run-1", conf: conf, store: store) == .failed)
            let run = "\(base)/dags/hostile_dag/runs/run-1"
            let pages = ["\(base)/dags", "\(base)/dags/hostile_dag/grid", run, "\(run)/tasks/extract",
                         "\(run)/tasks/load", "\(run)/tasks/report"]
            for url in pages {
                let page = try await PageClient.get(url)
                #expect(page.status == 200, "\(url): \(page.status) \(page.body.prefix(300))")
                #expect(page.headers["content-type"] == "text/html; charset=utf-8", "\(url)")
                #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true, "\(url)")
                #expect(page.headers["x-frame-options"] == "DENY", "\(url)")
                for raw in ["<script>alert", "<img src=x", "<b>tag</b>", "</pre><script>"] {
                    #expect(!page.body.contains(raw), "\(url) shows \(raw) unescaped")
                }
                #expect(!leaks(Self.secret, in: page.body), "\(url) shows the secret")
            }
            let extract = try await PageClient.get("\(run)/tasks/extract")
            #expect(extract.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the log and XCom, escaped")
            #expect(extract.body.contains("connecting with ***"), "the log line, masked")
            let load = try await PageClient.get("\(run)/tasks/load")
            #expect(load.body.contains("load failed: &lt;script&gt;"), "the error, escaped")
            let grid = try await PageClient.get("\(base)/dags/hostile_dag/grid")
            #expect(grid.body.contains(#"data-state="success""#) && grid.body.contains(#"data-state="failed""#)
                    && grid.body.contains(#"data-state="upstream_failed""#), "the grid's cells carry the states")
            let runPage = try await PageClient.get(run)
            #expect(runPage.body.contains(#"<svg class="graph""#) && runPage.body.contains(#"<svg class="gantt""#))
            let missing = try await PageClient.get("\(base)/dags/hostile_dag/runs/\(Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(missing.status == 404 && !missing.body.contains("<script>alert"), "\(missing.body)")
            let badLimit = try await PageClient.get("\(base)/dags?limit=-1")
            #expect(badLimit.status == 400 && badLimit.body.contains("limit"))
        }
    }

    @Test(.timeLimit(.minutes(1))) func actionsNeedTheFormTokenAndWriteThroughTheStore() async throws {
        try await WebServerTests.serving([try Self.hostileDAG()]) { base, store in
            #expect(try await Self.runToEnd(base, dagID: "hostile_dag", runID: "run-1", store: store) == .failed)
            let grid = try await PageClient.get("\(base)/dags/hostile_dag/grid")
            let token = try #require(grid.csrfToken)
            let pause = "\(base)/dags/hostile_dag/pause"

            let withoutToken = try await PageClient.post(pause, form: [("paused", "true")])
            #expect(withoutToken.status == 403, "\(withoutToken.body)")
            let fromElsewhere = try await PageClient.post(pause, form: [("csrf", token), ("paused", "true")],
                                                          headers: ["Origin: http://evil.example"])
            #expect(fromElsewhere.status == 403, "\(fromElsewhere.body)")
            let crossSite = try await PageClient.post(pause, form: [("csrf", token), ("paused", "true")],
                                                      headers: ["Sec-Fetch-Site: cross-site"])
            #expect(crossSite.status == 403)
            #expect(try await store.dag(dagID: "hostile_dag")?.isPaused == false, "no refused post wrote")

            let paused = try await PageClient.post(pause, form: [("csrf", token), ("paused", "true"),
                                                                 ("next", "https://evil.example/")])
            #expect(paused.status == 303 && paused.headers["location"] == "/dags/hostile_dag/grid", "no open redirect")
            #expect(try await store.dag(dagID: "hostile_dag")?.isPaused == true)

            let badConf = try await PageClient.post("\(base)/dags/hostile_dag/trigger",
                                                    form: [("csrf", token), ("conf", "[1, 2")])
            #expect(badConf.status == 400 && badConf.body.contains("conf must be a JSON object"))
            let triggered = try await PageClient.post("\(base)/dags/hostile_dag/trigger",
                                                      form: [("csrf", token), ("run_id", "from-page"),
                                                             ("conf", #"{"region": "eu"}"#)])
            #expect(triggered.status == 303 && triggered.headers["location"] == "/dags/hostile_dag/runs/from-page")
            let stored = try await store.run(dagID: "hostile_dag", runID: "from-page")
            #expect(stored?.conf["region"] == .string("eu") && stored?.state == .queued, "paused: stays queued")

            // Marking the failed task success clears its downstream task that could not run, and queues the run.
            let marked = try await PageClient.post("\(base)/dags/hostile_dag/runs/run-1/mark",
                                                   form: [("csrf", token), ("task_id", "load"), ("state", "success")])
            #expect(marked.status == 303, "\(marked.body)")
            var instances = try await store.taskInstances(dagID: "hostile_dag", runID: "run-1")
            #expect(instances.first { $0.taskID == "load" }?.state == .success)
            #expect(instances.first { $0.taskID == "report" }?.state == .pending)
            #expect(try await store.run(dagID: "hostile_dag", runID: "run-1")?.state == .queued)

            // Clearing `extract` with its downstream tasks resets all three.
            let cleared = try await PageClient.post("\(base)/dags/hostile_dag/runs/run-1/clear",
                                                    form: [("csrf", token), ("task_id", "extract"), ("downstream", "on")])
            #expect(cleared.status == 303 && cleared.headers["location"] == "/dags/hostile_dag/runs/run-1/tasks/extract")
            instances = try await store.taskInstances(dagID: "hostile_dag", runID: "run-1")
            #expect(instances.allSatisfy { $0.state == .pending }, "\(instances.map { ($0.taskID, $0.state) })")

            // Unpaused, the scheduler runs both queued runs again.
            let changes = store.changeSignals()
            let unpaused = try await PageClient.post(pause, form: [("csrf", token), ("paused", "false")])
            #expect(unpaused.status == 303)
            for await _ in changes {
                let runs = try await store.runs(matching: RunQuery(dagID: "hostile_dag"))
                if runs.allSatisfy({ $0.state == .failed || $0.state == .success }) { break }
            }
            let markRun = try await PageClient.post("\(base)/dags/hostile_dag/runs/from-page/mark",
                                                    form: [("csrf", token), ("state", "success")])
            #expect(markRun.status == 303)
            #expect(try await store.run(dagID: "hostile_dag", runID: "from-page")?.state == .success)
        }
    }

    @Test(.timeLimit(.minutes(1))) func aRunningTrysLogIsFollowedLive() async throws {
        let scenario = try LiveLogScenario(secondLine: "second line")
        try await scenario.serve(logDirectory: try Self.scratch()) { base in
            let page = try await PageClient.get(base + LiveLogScenario.taskPage)
            #expect(page.body.contains(#"data-stream="/dags/live_log/runs/live/tasks/slow/logs/1/stream""#),
                    "a running try is followed: \(page.body)")
            let stream = try ChildProcess("curl", ["-sS", "-N", "\(base)/dags/live_log/runs/live/tasks/slow/logs/1/stream"])
            #expect(await stream.waitForOutput(containing: "first line"), "\(stream.stdout)")
            await scenario.releaseWhenFollowed()
            #expect(await stream.waitForOutput(containing: "event: end\ndata: success"), "\(stream.stdout)")
            let output = try await stream.exit().stdout
            #expect(output.contains(#""message":"second line""#), "\(output)")
            #expect(output.components(separatedBy: "first line").count == 2, "each line once: \(output)")
        }
    }
}

struct PageTestFailure: Error, CustomStringConvertible {
    var description: String
}
