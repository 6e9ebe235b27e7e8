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

                                 Every state change goes to the run store (--db) as it happens. After a crash \
                                 (kill -9, a lost node), --resume RUN_ID or --resume-latest finishes the run: tasks \
                                 that succeeded are not run again, a running pod or Talend execution is reattached \
                                 to, never started twice. Another live process running the same run is refused \
                                 by name (pid and host) until its lease of 30 s lapses.
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

    @Option(name: .customLong("resume"),
            help: ArgumentHelp("Resume this unfinished run (after a crash) instead of starting a new one.",
                               valueName: "run-id"),
            transform: RunParameters.parseRunID)
    var resumeRunID: String?

    @Flag(name: .customLong("resume-latest"), help: "Resume the newest unfinished run of the DAG.")
    var resumeLatest = false

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("runs-dir"),
            help: ArgumentHelp("Where task logs, saved runs and reports go ($UPDRAFT_HOME/runs by default).",
                               valueName: "directory"))
    var runsDirectory = UpdraftHome.current().runs.path

    /// Lines of each try kept in memory besides its log file: the command reads logs back from the files.
    private static var memoryTailLines: Int { 0 }

    func validate() throws {
        _ = try selection.dag(from: try Executable.makeDAGs())
        let choices = [runID != nil, resumeRunID != nil, resumeLatest].filter { $0 }.count
        if choices > 1 { throw ValidationError("choose one of --run-id, --resume and --resume-latest") }
        if resumeRunID != nil || resumeLatest, parameters.logicalDate != nil {
            throw ValidationError("a resumed run keeps its logical date: --logical-date cannot be given with --resume")
        }
    }

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        let runs = RunArchiveDirectory(root: URL(fileURLWithPath: runsDirectory))
        try WritablePath.checkDirectory(runsDirectory, option: "--runs-dir")
        if let reportPath { try WritablePath.checkFile(reportPath, option: "--report") }
        try await storeOptions.withDurableEngine(try Executable.engineConfiguration()) { configuration, _ in
            try await run(dag, configuration: configuration, runs: runs)
        }
    }

    private func run(_ dag: DAG, configuration: Engine.Configuration, runs: RunArchiveDirectory) async throws {
        var configuration = configuration
        configuration.logDirectory = runs.root
        configuration.logTailLines = Self.memoryTailLines
        let resumed = try await resumedRunID(of: dag, in: configuration.store)
        let console = ProgressConsole(dag: dag, mode: ProgressConsole.standardOutputMode,
                                      write: ProgressConsole.standardOutput)
        console.note("running DAG \(dag.dagID) (\(dag.tasks.count) task\(dag.tasks.count == 1 ? "" : "s"))")
        let outcome: RunSession.Outcome
        do {
            outcome = try await RunSession(dag: dag, configuration: configuration, console: console)
                .run(runID: resumed ?? runID, logicalDate: parameters.logicalDate, params: parameters.paramOverrides,
                     resume: resumed != nil)
        } catch let error as EngineError where error.reason == .runExists {
            let taken = error.runID ?? ""
            throw ValidationError("""
                run '\(taken)' of DAG '\(dag.dagID)' already exists in the run store; choose another --run-id, or \
                finish it with --resume \(taken)
                """)
        } catch let error as EngineError
                    where [.invalidRunID, .runNotFound, .runOwned, .runFinished].contains(error.reason) {
            // A usage error: another run id, or later, fixes it (or there is nothing left to resume).
            throw ValidationError(error.description)
        }
        await RunOutput(runs: runs, masker: configuration.masker, console: console)
            .save(outcome.result, of: dag, reportPath: reportPath)
        if let signal = outcome.signal {
            console.note("run cancelled by \(SignalWatcher.name(of: signal)); cleanup finished")
            throw ExitCode(SignalWatcher.exitStatus(for: signal))
        }
        if outcome.result.state != .success { throw ExitCode.failure }
    }

    /// The run to resume: `--resume`'s, or with `--resume-latest` the newest unfinished run of the DAG.
    private func resumedRunID(of dag: DAG, in store: any RunStore) async throws -> String? {
        if let resumeRunID { return resumeRunID }
        guard resumeLatest else { return nil }
        let unfinished = try await store.runs(matching: RunQuery(dagID: dag.dagID, states: [.running, .queued],
                                                                 limit: 1))
        guard let latest = unfinished.first else {
            throw ValidationError("DAG '\(dag.dagID)' has no unfinished run to resume")
        }
        return latest.runID
    }
}
