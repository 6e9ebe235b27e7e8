import ArgumentParser
import Foundation
import Updraft

/// `run`: runs a DAG once now with live progress, saves the run and optionally writes its report.
struct RunCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "run", abstract: "Run a DAG once now, with live progress (the default).",
                             discussion: """
                                 Exits with status 0 when the run succeeds and 1 when it fails. Ctrl-C (SIGINT) or \
                                 SIGTERM cancels the run: running tasks clean up (pods deleted, remote executions \
                                 terminated), then the command exits with status 130 or 143.
                                 """)
    }

    @OptionGroup var selection: DAGSelection
    @OptionGroup var parameters: RunParameters

    @Option(name: .customLong("run-id"), help: "The run id (manual__<logical date> by default).")
    var runID: String?

    @Option(name: .customLong("report"), help: ArgumentHelp("Also write the run's HTML report to this file.",
                                                            valueName: "file"))
    var reportPath: String?

    @Option(name: .customLong("runs-dir"), help: ArgumentHelp("Where runs are saved for `report`.",
                                                              valueName: "directory"))
    var runsDirectory = RunArchiveDirectory.defaultRoot

    func validate() throws {
        _ = try selection.dag(from: try Executable.makeDAGs())
    }

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        let configuration = try Executable.engineConfiguration()
        let console = ProgressConsole(dag: dag, mode: ProgressConsole.standardOutputMode,
                                      write: ProgressConsole.standardOutput)
        console.note("running DAG \(dag.dagID) (\(dag.tasks.count) task\(dag.tasks.count == 1 ? "" : "s"))")
        let outcome = try await RunSession(dag: dag, configuration: configuration, console: console)
            .run(runID: runID, logicalDate: parameters.logicalDate, params: parameters.paramOverrides)
        let archive = try await RunArchive(dag: dag, result: outcome.result, masker: configuration.masker)
        for line in RunSummary.lines(archive) { console.note(line) }
        let saved = try RunArchiveDirectory(root: URL(fileURLWithPath: runsDirectory)).save(archive)
        console.note("run saved to \(saved.path)")
        if let reportPath {
            let written = try ReportWriter.write(archive, masker: configuration.masker, to: reportPath)
            console.note("report written to \(written.path)")
        }
        if let signal = outcome.signal {
            console.note("run cancelled by \(SignalWatcher.name(of: signal)); cleanup finished")
            throw ExitCode(SignalWatcher.exitStatus(for: signal))
        }
        if outcome.result.state != .success { throw ExitCode.failure }
    }
}
