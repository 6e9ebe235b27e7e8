import Foundation
import Logging
import Updraft

/// A try that runs while a test follows its log: DAG `live_log`'s one task, `slow`, logs "first line", waits until
/// the test lets it go (once the server follows the log, so the second line can only arrive live), logs
/// `secondLine` and succeeds.
struct LiveLogScenario {
    let dag: DAG
    /// Lets `slow` go on.
    let gate: AsyncStream<Void>.Continuation
    /// Seen once the server follows a task log.
    let following = LogWatcher(waitingFor: "following a task log")
    /// The path of the running try's page.
    static let taskPage = "/dags/live_log/runs/live/tasks/slow"

    init(secondLine: String) throws {
        let (waits, gate) = AsyncStream.makeStream(of: Void.self)
        self.gate = gate
        dag = try DAG("live_log") { dag in
            dag.task("slow") { context in
                context.logger.info("first line")
                for await _ in waits { break }
                context.logger.info("\(secondLine)")
                return JSONValue.null
            }
        }
    }

    /// Serves the DAG with its logs in `logDirectory`, triggers run `live`, and calls `body` with the base URL once
    /// `slow` runs.
    func serve(logDirectory: URL, _ body: @Sendable (String) async throws -> Void) async throws {
        let following = self.following
        try await WebServerTests.serving([dag], logDirectory: logDirectory,
                                         webLogger: Logger(label: "web", factory: { _ in following })) { base, store in
            let changes = store.changeSignals()
            let trigger = try await WebServerTests.call("POST", "\(base)/api/v2/dags/live_log/dagRuns",
                                                        json: #"{"dag_run_id": "live"}"#)
            guard trigger.status == 200 else { throw PageTestFailure(description: "trigger: \(trigger)") }
            for await _ in changes {
                let slow = try await store.taskInstances(dagID: "live_log", runID: "live").first { $0.taskID == "slow" }
                if slow?.state == .running { break }
            }
            try await body(base)
        }
    }

    /// Lets `slow` go on once the server follows its log (or at once when the calling task is cancelled).
    func releaseWhenFollowed() async {
        await following.seen()
        gate.yield()
    }
}
