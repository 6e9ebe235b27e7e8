import Foundation
public import Updraft
import Logging
import Synchronization
import UpdraftCLI

/// One run of a DAG with live hooks, and what a user sees of it: the console of the DAG executable (task log lines
/// and the closing summary, as `run` prints them), the run JSON saved under the runs directory, and the HTML
/// report. For tests of faults, which must end in the right state without a secret in any of the three.
public struct RunOutputs: Sendable {
    /// The run.
    public let result: DAGRunResult
    /// The console: every state change and every line the engine forwarded, formatted as the CLI prints them when
    /// its output is not a terminal, then the run summary.
    public let console: String
    /// The run archive exactly as `run` saves it (`.updraft/runs/<dag>/<run>.json`).
    public let runJSON: String
    /// The HTML report `run --report` writes.
    public let report: String

    /// Runs `dag` once with live hooks built from `connections` on `clock`, masking with `masker`.
    public static func run(
        _ dag: DAG, connections: ConnectionResolver, clock: any UpdraftClock, masker: SecretMasker
    ) async throws -> RunOutputs {
        let lines = ConsoleLines()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-run-outputs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Task logs go to files, as `run` writes them, so that the report shows (and is checked on) the same lines.
        let configuration = Engine.Configuration(
            clock: clock, connections: connections, logger: Logger(label: "updraft.test") { _ in lines },
            masker: masker, hostname: "updraft-test", logDirectory: directory)
        let events = RunEventSink(deliver: { event in
            if let line = ProgressFormatter.plainLine(for: event) { lines.append(line) }
        })
        let result = try await Engine(configuration: configuration).run(dag, logicalDate: clock.now(), events: events)
        let archive = try await RunArchive(dag: dag, result: result, masker: masker)
        let file = try RunArchiveDirectory(root: directory).save(archive)
        return RunOutputs(
            result: result, console: (lines.all + RunSummary.lines(archive)).joined(separator: "\n"),
            runJSON: try String(contentsOf: file, encoding: .utf8),
            report: HTMLReport(archive: archive, logs: TaskLogDirectory(root: directory), masker: masker).render())
    }

    /// The names of the outputs (`console`, `run JSON`, `report`) that contain `text`: empty when none does.
    public func outputs(containing text: String) -> [String] {
        [("console", console), ("run JSON", runJSON), ("report", report)].filter { $0.1.contains(text) }.map(\.0)
    }
}

/// Collects the lines the engine forwards, filtered and formatted as the CLI's console shows them: task lines
/// (which carry a task id) at any level, engine lines from warning up.
private final class ConsoleLines: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var logLevel: Logger.Level {
        get { .info }
        set {}
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let taskID = event.metadata?[LoggingKeys.taskID].map { "\($0)" }
        guard taskID != nil || event.level >= .warning else { return }
        append(ProgressFormatter.logLine(taskID: taskID, level: event.level, message: event.message.description))
    }
}
