import ArgumentParser
import Foundation
import Updraft

/// `tasks clear`: makes task instances of a run run again on its next resume, or when `serve` picks the queued run
/// up (Airflow's `tasks clear`, with its `--downstream`, `--upstream` and `--only-failed`).
struct TasksClearCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "clear", abstract: "Clear tasks of a run so that they run again.")
    }

    @Argument(help: "The tasks to clear (all by default).") var taskIDs: [String] = []
    @OptionGroup var selection: DAGSelection
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("run"), help: ArgumentHelp("The run.", valueName: "run-id")) var runID: String
    @Flag(name: .customLong("downstream"), help: "Also clear every task downstream of those named.")
    var downstream = false
    @Flag(name: .customLong("upstream"), help: "Also clear every task upstream of those named.")
    var upstream = false
    @Flag(name: .customLong("failed-only"), help: "Clear only failed and upstream-failed task instances.")
    var failedOnly = false

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        for taskID in taskIDs where dag.task(taskID) == nil {
            throw ValidationError("DAG '\(dag.dagID)' has no task '\(taskID)'")
        }
        let chosen = taskIDs.isEmpty ? Set(dag.tasks.map(\.taskID)) : widened(Set(taskIDs), in: dag)
        let configuration = try Executable.engineConfiguration()
        let retries = Dictionary(uniqueKeysWithValues: dag.tasks.map { ($0.taskID, $0.retries) })
        let cleared = try await storeOptions.withStore(masker: configuration.masker) { opened in
            try await RunMaintenance(store: opened.store).clear(dagID: dag.dagID, runID: runID, taskIDs: chosen,
                                                                failedOnly: failedOnly, retriesByTask: retries)
        }
        print(cleared.isEmpty ? "nothing to clear"
              : "cleared \(cleared.sorted().joined(separator: ", ")) of run \(runID): `run --resume \(runID)` or a `serve` process runs them again")
    }

    /// The tasks named, with their downstream and upstream tasks at any depth when asked.
    private func widened(_ named: Set<String>, in dag: DAG) -> Set<String> {
        var result = named
        var pending = Array(named)
        while let taskID = pending.popLast() {
            let next = (downstream ? dag.downstreamTaskIDs(of: taskID) : [])
                + (upstream ? dag.upstreamTaskIDs(of: taskID) : [])
            for neighbour in next where result.insert(neighbour).inserted { pending.append(neighbour) }
        }
        return result
    }
}
