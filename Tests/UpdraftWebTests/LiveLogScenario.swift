import Foundation
import Logging
import Updraft
import UpdraftSQLite

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

    /// Yields once `slow`'s body runs.
    private let started: AsyncStream<Void>

    init(secondLine: String) throws {
        let (waits, gate) = AsyncStream.makeStream(of: Void.self)
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        self.gate = gate
        self.started = started
        dag = try DAG("live_log") { dag in
            dag.task("slow") { context in
                starting.yield()
                context.logger.info("first line")
                for await _ in waits { break }
                context.logger.info("\(secondLine)")
                return JSONValue.null
            }
        }
    }

    /// Serves the DAG with its logs in `logDirectory`, triggers run `live`, and calls `body` with the base URL once
    /// `slow` runs. The store is a SQLite file: a durable store has a try's start committed before its body runs, so
    /// once the body has started the store shows the try running (task-instance writes signal no change to wait on).
    func serve(logDirectory: URL, _ body: @Sendable (String) async throws -> Void) async throws {
        let following = self.following
        let store = try SQLiteRunStore(path: logDirectory.appending(path: "updraft.db").path)
        try await WebServerTests.serving([dag], logDirectory: logDirectory, store: store,
                                         webLogger: Logger(label: "web", factory: { _ in following })) { base, _ in
            let trigger = try await WebServerTests.call("POST", "\(base)/api/v2/dags/live_log/dagRuns",
                                                        json: #"{"dag_run_id": "live"}"#)
            guard trigger.status == 200 else { throw PageTestFailure(description: "trigger: \(trigger)") }
            for await _ in started { break }
            try await body(base)
        }
    }

    /// Lets `slow` go on once the server follows its log (or at once when the calling task is cancelled).
    func releaseWhenFollowed() async {
        await following.seen()
        gate.yield()
    }
}
