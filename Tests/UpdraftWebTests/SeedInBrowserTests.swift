import Foundation
import ProcessTestSupport
import Testing
import Updraft
import UpdraftSandbox
import UpdraftSQLite

/// A person's session with the seed DAG, as the README tells it: `updraft-sandbox` (its Talend job pods printing
/// their log over several seconds), the seed's `TalendJobs` executable under `serve --port 0`, and Chromium driven
/// over the DevTools protocol. The person opens the DAG list, triggers a run from the grid with a conf, follows a
/// running pod task's log as it streams, and watches the grid turn green. Screenshots of each step are saved under
/// `.build/test-artifacts/web-ui/`.
@Suite(.serialized) struct SeedInBrowserTests {
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: ".build/test-artifacts/web-ui", directoryHint: .isDirectory)

    @Test(.timeLimit(.minutes(4))) func aPersonTriggersTheSeedDAGAndFollowsItInTheBrowser() async throws {
        let state = try BuildProducts.scratchDirectory()
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let sandbox = try ChildProcess(try BuildProducts.executable("updraft-sandbox").path,
                                       ["--state-dir", state.path, "--talend-job-seconds", "8"], directory: state.path)
        defer { sandbox.signal(SIGKILL) }
        try #require(await sandbox.waitForOutput(containing: "\nready"), "sandbox: \(sandbox.stdout)")
        let environment = try SandboxManifest.read(fromStateDirectory: state.path).environment
            .merging(["TERM": "dumb", "UPDRAFT_HOME": state.appending(path: ".updraft").path]) { _, new in new }
        let serve = try ChildProcess(try BuildProducts.executable("TalendJobs").path, ["serve", "--port", "0"],
                                     directory: state.path, extraEnvironment: environment)
        defer { serve.signal(SIGKILL) }
        let listening = "API server listening on "
        try #require(await serve.wait { $0.stderr.contains(listening) || $0.finished }, "serve did not start")
        let announced = serve.stderr.components(separatedBy: listening).dropFirst().first
        let base = try #require(announced.map { String($0.prefix { !$0.isWhitespace }) }, "\(serve.stderr)")
        let store = try SQLiteRunStore(path: state.appending(path: ".updraft/updraft.db").path)

        let browser = try BrowserDriver(scratch: state)
        do {
            try await Self.session(browser, base: base, store: store)
        } catch {
            try? await browser.quit()
            throw error
        }
        try await browser.quit()
        serve.signal(SIGTERM)
        let exit = try await serve.exit(timeout: .seconds(90))
        #expect(exit.status == 0, "graceful shutdown: \(exit.stderr.suffix(2_000))")
    }

    private static func session(_ browser: BrowserDriver, base: String, store: SQLiteRunStore) async throws {
        let healthy = "document.body.dataset.scriptReady === 'true' && document.body.dataset.scriptErrors === '0'"

        // The DAG list shows the seed DAG; its script ran under the Content-Security-Policy without an error.
        _ = try await browser.goto("\(base)/dags")
        #expect(try await browser.evaluate(healthy) == .bool(true), "the DAG list's script")
        #expect(try await browser.evaluate("document.querySelector('a[href=\"/dags/talend_jobs/grid\"]') !== null")
                == .bool(true), "the DAG list links to the seed DAG's grid")
        try await browser.screenshot(to: artifacts.appending(path: "1-dag-list.png"))

        // Trigger from the grid, with a run id and a conf, as a person fills the form.
        _ = try await browser.goto("\(base)/dags/talend_jobs/grid")
        let runPage = try await browser.submit("""
            (() => {
              const form = document.querySelector('form[action="/dags/talend_jobs/trigger"]');
              form.querySelector('input[name=run_id]').value = 'from-browser';
              form.querySelector('textarea[name=conf]').value = '{"requested_by": "browser"}';
              form.querySelector('button').click();
            })()
            """)
        #expect(runPage == "\(base)/dags/talend_jobs/runs/from-browser", "the trigger opens the new run")
        let run = try await store.run(dagID: "talend_jobs", runID: "from-browser")
        #expect(run?.conf == ["requested_by": .string("browser")])

        // The first pod task's page, opened while its pod runs: its log arrives line by line over the stream.
        try await waitForChanges(of: store) {
            try await store.taskInstances(dagID: "talend_jobs", runID: "from-browser")
                .first { $0.taskID == "hello-world" }?.state == .running
        }
        _ = try await browser.goto("\(base)/dags/talend_jobs/runs/from-browser/tasks/hello-world")
        #expect(try await browser.evaluate(healthy) == .bool(true), "the task page's script")
        #expect(try await browser.evaluate("document.querySelector('pre[data-stream]') !== null") == .bool(true),
                "the task was running when its page opened")
        let host = try await browser.evaluate("document.querySelector('table.tries tbody td:nth-child(6)').textContent")
        #expect(host == .string(ProcessInfo.processInfo.hostName), "the running try shows its host: \(host)")
        let firstLine = try await browser.evaluate(Self.untilLog("pre.getAttribute('data-log-live') === 'true'"))
        #expect(firstLine["state"] == .string("following"), "a line arrived while the pod ran: \(firstLine)")
        try await browser.screenshot(to: artifacts.appending(path: "2-task-log-streaming.png"))
        let ended = try await browser.evaluate(Self.untilLog("(pre.getAttribute('data-log-state') || '').startsWith('ended')"))
        #expect(ended["state"] == .string("ended:success"), "\(ended)")
        #expect(ended["text"]?.stringValue?.contains("Hello from a containerised Talend job") == true, "\(ended)")
        #expect(ended["text"]?.stringValue?.contains("succeeded") == true, "the pod's end is in the log: \(ended)")
        try await browser.screenshot(to: artifacts.appending(path: "3-task-log-ended.png"))

        // Every run (the scheduled one and the triggered one) ends; the grid is green.
        try await waitForChanges(of: store) {
            let runs = try await store.runs(matching: RunQuery(dagID: "talend_jobs"))
            return runs.count == 2 && runs.allSatisfy { $0.state == .success || $0.state == .failed }
        }
        _ = try await browser.goto("\(base)/dags/talend_jobs/grid")
        let states = try await browser.evaluate(
            "Array.from(document.querySelectorAll('table.grid td .sq')).map(square => square.dataset.state)")
        #expect(states.arrayValue?.count == 6 && states.arrayValue?.allSatisfy { $0 == .string("success") } == true,
                "2 runs × 3 tasks, all green: \(states)")
        try await browser.screenshot(to: artifacts.appending(path: "4-grid-green.png"))
    }

    /// An expression waiting (a promise, woken by the page's mutations) until the live log's `pre` meets
    /// `condition`, then giving its state and text.
    private static func untilLog(_ condition: String) -> String {
        """
        new Promise(resolve => {
          const pre = document.querySelector('pre[data-stream]');
          const answer = () => ({state: pre.getAttribute('data-log-state'), text: pre.textContent});
          if (\(condition)) { resolve(answer()); return; }
          new MutationObserver((_, observer) => {
            if (\(condition)) { observer.disconnect(); resolve(answer()); }
          }).observe(pre, {attributes: true, childList: true});
        })
        """
    }

    /// Waits until `condition` holds: checked now, at each change the store signals (from the serving process), and
    /// every 100 ms — task-instance writes signal no change (by design: a scheduler wakes for run-level changes
    /// only), so a task starting has no event of its own.
    private static func waitForChanges(of store: SQLiteRunStore,
                                       until condition: @escaping @Sendable () async throws -> Bool) async throws {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in store.changeSignals() { wake.yield() } }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(100))
                    wake.yield()
                }
            }
            defer { group.cancelAll() }
            if try await condition() { return }
            for await _ in wakes where try await condition() { return }
        }
    }
}
