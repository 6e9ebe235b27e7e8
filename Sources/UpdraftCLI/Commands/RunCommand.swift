import ArgumentParser
import Foundation
import Updraft

/// `run`: runs a DAG once now with live progress, saves the run and its task logs, and optionally writes its report.
struct RunCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "run", abstract: "Run a DAG once now, with live progress (the default).",
                             discussion: """
                                 Exits with status 0 when the run succeeds and 1 when it fails; a problem saving the \
                                 run or writing its report afterwards is a warning and does not change the status. \
                                 Ctrl-C (SIGINT) or SIGTERM cancels the run: running tasks clean up (pods deleted, \
                                 remote executions terminated), then the command exits with status 130 or 143.
                                 """)
    }

    @OptionGroup var selection: DAGSelection
    @OptionGroup var parameters: RunParameters

    @Option(name: .customLong("run-id"),
            help: ArgumentHelp("The run id: letters, digits and _ . ~ : + - (manual__<time, microseconds> by default).",
                               valueName: "run-id"),
            transform: RunParameters.parseRunID)
    var runID: String?

    @Option(name: .customLong("report"), help: ArgumentHelp("Also write the run's HTML report to this file.",
                                                            valueName: "file"))
    var reportPath: String?

    @Option(name: .customLong("runs-dir"),
            help: ArgumentHelp("Where runs and their task logs are saved for `report`.", valueName: "directory"))
    var runsDirectory = RunArchiveDirectory.defaultRoot

    /// Lines of each try kept in memory besides its log file: the command reads logs back from the files.
    private static var memoryTailLines: Int { 0 }

    func validate() throws {
        _ = try selection.dag(from: try Executable.makeDAGs())
    }

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        let runs = RunArchiveDirectory(root: URL(fileURLWithPath: runsDirectory))
        try WritablePath.checkDirectory(runsDirectory, option: "--runs-dir")
        if let reportPath { try WritablePath.checkFile(reportPath, option: "--report") }
        if let runID, runs.contains(dagID: dag.dagID, runID: runID) {
            throw ValidationError("""
                run '\(runID)' of DAG '\(dag.dagID)' already exists in \(runs.runDirectory(dagID: dag.dagID, runID: runID)
                .path); choose another --run-id
                """)
        }
        var configuration = try Executable.engineConfiguration()
        configuration.logDirectory = runs.root
        configuration.logTailLines = Self.memoryTailLines
        let console = ProgressConsole(dag: dag, mode: ProgressConsole.standardOutputMode,
                                      write: ProgressConsole.standardOutput)
        console.note("running DAG \(dag.dagID) (\(dag.tasks.count) task\(dag.tasks.count == 1 ? "" : "s"))")
        let outcome: RunSession.Outcome
        do {
            outcome = try await RunSession(dag: dag, configuration: configuration, console: console)
                .run(runID: runID, logicalDate: parameters.logicalDate, params: parameters.paramOverrides)
        } catch let error as EngineError where error.reason == .runExists || error.reason == .invalidRunID {
            throw ValidationError(error.description)  // a usage error: another --run-id fixes it
        }
        await RunOutput(runs: runs, masker: configuration.masker, console: console)
            .save(outcome.result, of: dag, reportPath: reportPath)
        if let signal = outcome.signal {
            console.note("run cancelled by \(SignalWatcher.name(of: signal)); cleanup finished")
            throw ExitCode(SignalWatcher.exitStatus(for: signal))
        }
        if outcome.result.state != .success { throw ExitCode.failure }
    }
}
