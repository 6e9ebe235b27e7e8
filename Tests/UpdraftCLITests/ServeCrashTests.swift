import Foundation
import ProcessTestSupport
import Testing
import Updraft
import UpdraftSandbox
import UpdraftSQLite

/// `serve` of a DAG due every minute, its start three minutes in the past (catchup), `kill -9`ed while a run's pod
/// runs in `updraft-sandbox`, then started again: every interval has exactly one run, every run succeeds, the pod
/// of the killed run is followed (not created again), and no pod is left.
@Suite(.serialized) struct ServeCrashTests {
    @Test func aKilledServiceRestartsWithoutRunningAnIntervalTwice() async throws {
        let state = try BuildProducts.scratchDirectory()
        let sandbox = try ChildProcess(try BuildProducts.executable("updraft-sandbox").path,
                                       ["--state-dir", state.path], directory: state.path)
        do {
            try await Self.killAndRestart(in: state, sandbox: sandbox)
        } catch {
            sandbox.signal(SIGKILL)
            throw error
        }
        sandbox.signal(SIGINT)
        #expect(try await sandbox.exit().status == 0)
    }

    private static func killAndRestart(in state: URL, sandbox: ChildProcess) async throws {
        try #require(await sandbox.waitForOutput(containing: "\nready"), "sandbox: \(sandbox.stdout)")
        let manifest = try SandboxManifest.read(fromStateDirectory: state.path)
        let kubeconfig = try #require(manifest.environment["KUBECONFIG"])
        let minute = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60
        let start = Date(timeIntervalSince1970: minute - 150)  // due: the three minutes before this one, and this one
        let environment = manifest.environment.merging(ChildProcess.testEnvironment(in: state)) { _, new in new }
            .merging(["CRASH_START": start.formatted(.iso8601), "CRASH_BODIES": state.appending(path: "bodies.txt").path])
            { _, new in new }
        let fixture = try BuildProducts.executable("updraft-crash-fixture").path
        let arguments = ["serve", "--grace-period", "60", "--port", "0"]

        let first = try ChildProcess(fixture, arguments, directory: state.path, extraEnvironment: environment)
        // The first run's pod is running: kill the service.
        let podRunning = await eventually(within: 90) {
            let pods = try? await ChildProcess.run("kubectl", ["--kubeconfig", kubeconfig, "get", "pods", "-o", "name"],
                                                   extraEnvironment: ["HOME": state.path])
            return pods?.stdout.contains("pod/") == true
        }
        try #require(podRunning, "no pod started: \(first.stdout)")
        first.signal(SIGKILL)
        _ = try await first.exit()
        let killedAt = Date()

        let second = try ChildProcess(fixture, arguments, directory: state.path, extraEnvironment: environment)
        let database = state.appending(path: ".updraft/updraft.db").path
        let store = try SQLiteRunStore(path: database)
        // Every interval due before the kill has its run finished: checked at each change the service makes
        // (the store's signal reaches this process), for at most three minutes.
        let finished = await Self.waitForChanges(of: store, within: .seconds(180)) {
            guard let runs = try? await store.runs(matching: RunQuery(dagID: "minutely")) else { return false }
            let due = runs.filter { $0.logicalDate <= killedAt }
            return due.count >= 3 && due.allSatisfy { $0.state == .success || $0.state == .failed }
        }
        second.signal(SIGTERM)
        let exit = try await second.exit(timeout: .seconds(120))
        try #require(finished, "\(exit.stdout)\n\(exit.stderr)")
        #expect(exit.status == 0, "graceful shutdown: \(exit.stdout)\n\(exit.stderr)")

        let runs = try await store.runs(matching: RunQuery(dagID: "minutely", oldestFirst: true))
        #expect(Set(runs.map(\.logicalDate)).count == runs.count, "one run per interval: \(runs.map(\.runID))")
        #expect(runs.filter { $0.logicalDate <= killedAt }.allSatisfy { $0.state == .success },
                "\(runs.map { "\($0.runID) \($0.state)" })")
        #expect(runs.first?.logicalDate == Date(timeIntervalSince1970: minute - 120))
        // The killed run's pod was followed by the restarted service, never created again; every other run
        // created its own, once. (The killed process's line saying it created the pod is in the log when it reached
        // the file before the kill: a running try's lines are written within 200 ms.)
        let logs = state.appending(path: ".updraft/runs/dag_id=minutely")
        var reattachments = 0
        for run in runs where run.state == .success {
            let directory = logs.appending(path: "run_id=\(run.runID)/task_id=pod")
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
            let text = try files.map { try String(contentsOf: directory.appending(path: $0), encoding: .utf8) }.joined()
            if let followed = text.range(of: "after a restart") {
                reattachments += 1
                #expect(!text[followed.upperBound...].contains("created pod default/"),
                        "run \(run.runID): a pod created after the restart: \(text)")
            } else {
                #expect(text.components(separatedBy: "created pod default/").count == 2,
                        "run \(run.runID) created one pod: \(text)")
            }
        }
        #expect(reattachments == 1, "the killed run's pod followed once")
        let pods = try await ChildProcess.run("kubectl", ["--kubeconfig", kubeconfig, "get", "pods", "-o", "name"],
                                              extraEnvironment: ["HOME": state.path])
        #expect(pods.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "pods left: \(pods.stdout)")
    }

    /// Waits until `condition` holds, checked now and at each change `store` signals, for at most `limit`.
    private static func waitForChanges(of store: SQLiteRunStore, within limit: Duration,
                                       until condition: @escaping @Sendable () async -> Bool) async -> Bool {
        let signals = store.changeSignals()
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                if await condition() { return true }
                for await _ in signals {
                    if await condition() { return true }
                }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: limit)  // the bound, not a wait for the result
                return await condition()
            }
            let result = await group.next() ?? false
            group.cancelAll()
            return result
        }
    }

    /// Waits until `condition` holds, asking five times a second, for at most `seconds` (kubectl has no event to
    /// wait on here).
    private static func eventually(within seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return await condition()
    }
}
