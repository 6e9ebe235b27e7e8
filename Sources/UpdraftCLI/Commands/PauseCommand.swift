import ArgumentParser
import Updraft

/// `pause` and `unpause`: whether `serve` creates scheduled runs of a DAG, persisted in the run store (Airflow's
/// `dags pause` / `dags unpause`). Runs already going continue.
struct PauseCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "pause", abstract: "Stop `serve` from creating scheduled runs of a DAG.")
    }

    @OptionGroup var selection: DAGSelection
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await Self.setPaused(true, selection: selection, storeOptions: storeOptions)
    }

    /// Records the paused flag of the selected DAG (registering the DAG if no service has yet).
    static func setPaused(_ paused: Bool, selection: DAGSelection, storeOptions: StoreOptions) async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        let configuration = try Executable.engineConfiguration()
        try await storeOptions.withStore(masker: configuration.masker) { opened in
            if try await opened.store.dag(dagID: dag.dagID) == nil {
                _ = try await opened.store.registerDAG(DAGRecord(dagID: dag.dagID, isPaused: paused))
            }
            try await opened.store.setPaused(paused, dagID: dag.dagID)
            try await opened.store.sync()
        }
        print("DAG \(dag.dagID) is \(paused ? "paused" : "unpaused")")
    }
}

/// `unpause`: lets `serve` create scheduled runs of a DAG again.
struct UnpauseCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "unpause", abstract: "Let `serve` create scheduled runs of a DAG again.")
    }

    @OptionGroup var selection: DAGSelection
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await PauseCommand<Executable>.setPaused(false, selection: selection, storeOptions: storeOptions)
    }
}
