import ArgumentParser
import Foundation
import Updraft

/// `runs list|show`: the runs of a DAG in the run store (Airflow's `dags list-runs` and the UI's run view).
struct RunsCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "runs", abstract: "List and show the runs in the run store.",
                             subcommands: [RunsListCommand<Executable>.self, RunsShowCommand<Executable>.self])
    }
}

/// `runs list`: newest first, filtered by state and logical date.
struct RunsListCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List runs, newest first.")
    }

    @OptionGroup var selection: DAGSelection
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("state"), help: ArgumentHelp("Only runs in this state: queued, running, success, failed.",
                                                          valueName: "state"))
    var state: String?

    @Option(name: .customLong("since"), help: ArgumentHelp("Only runs with a logical date at or after this (ISO 8601).",
                                                          valueName: "date"), transform: RunParameters.parseDate)
    var since: Date?

    @Option(name: .customLong("limit"), help: "At most this many runs.")
    var limit = 25

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        var states: Set<DAGRunState>?
        if let state {
            guard let parsed = DAGRunState(rawValue: state) else {
                throw ValidationError("--state '\(state)' is not one of queued, running, success, failed")
            }
            states = [parsed]
        }
        let runs = try await storeOptions.withStore(masker: try Executable.engineConfiguration().masker) { opened in
            try await opened.store.runs(matching: RunQuery(dagID: dag.dagID, states: states, logicalDateFrom: since,
                                                           limit: max(1, limit)))
        }
        for run in runs {
            let dates = [run.startDate, run.endDate].map { $0.map { $0.formatted(.iso8601) } ?? "-" }
            print([run.runID, run.state.rawValue, run.runType.rawValue, run.logicalDate.formatted(.iso8601)]
                .joined(separator: "\t") + "\t" + dates.joined(separator: "\t"))
        }
    }
}

/// `runs show RUN_ID`: the run and each task instance (state, tries, duration, error).
struct RunsShowCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "show", abstract: "Show a run: its tasks, tries, durations and errors.")
    }

    @Argument(help: "The run id.") var runID: String
    @OptionGroup var selection: DAGSelection
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        let masker = try Executable.engineConfiguration().masker
        try await storeOptions.withStore(masker: masker) { opened in try await show(opened, dag: dag, masker: masker) }
    }

    private func show(_ opened: OpenedStore, dag: DAG, masker: SecretMasker) async throws {
        guard let run = try await opened.store.run(dagID: dag.dagID, runID: runID) else {
            throw ValidationError("DAG '\(dag.dagID)' has no run '\(runID)' in \(opened.description)")
        }
        print("run \(run.runID) of \(run.dagID): \(run.state.rawValue) (\(run.runType.rawValue), logical date "
              + "\(run.logicalDate.formatted(.iso8601)))" + (run.note.map { ": \(masker.mask($0))" } ?? ""))
        for instance in try await opened.store.taskInstances(dagID: dag.dagID, runID: runID) {
            let duration = instance.duration.map { String(format: " %.1f s", $0) } ?? ""
            print("  \(instance.taskID)\t\(instance.state.rawValue)\ttry \(instance.tryNumber) of \(instance.maxTries)"
                  + duration + (instance.error.map { "\t\(masker.mask($0))" } ?? ""))
        }
    }
}
