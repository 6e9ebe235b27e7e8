import ArgumentParser
import Foundation
import Updraft

/// `test TASK_ID`: runs one task alone, without its dependencies (Airflow's `tasks test`). Nothing is saved.
struct TestCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "test", abstract: "Run one task alone, without its dependencies.",
                             discussion: """
                                 Upstream tasks do not run, so XCom values they would push are missing. Exits with \
                                 status 0 when the task succeeds (or is skipped) and 1 when it fails.
                                 """)
    }

    @Argument(help: "The task to run.") var taskID: String
    @OptionGroup var selection: DAGSelection
    @OptionGroup var parameters: RunParameters

    func validate() throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        guard dag.task(taskID) != nil else {
            throw ValidationError("DAG '\(dag.dagID)' has no task '\(taskID)'; its tasks: "
                                  + dag.taskIDs.joined(separator: ", "))
        }
    }

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        let subset = try dag.partialSubset(taskIDs: [taskID])
        let configuration = try Executable.engineConfiguration()
        let console = ProgressConsole(dag: subset, mode: .plain, write: ProgressConsole.standardOutput)
        let date = parameters.logicalDate ?? configuration.clock.now()
        let outcome = try await RunSession(dag: subset, configuration: configuration, console: console)
            .run(runID: "test__\(date.formatted(.iso8601))", logicalDate: date, params: parameters.paramOverrides)
        let result = try await outcome.result.xcom(JSONValue.self, from: taskID)
        if let result {
            console.note("result: " + result.masked(by: configuration.masker).jsonText)
        }
        let state = outcome.result.state(of: taskID) ?? .pending
        console.note("task \(taskID): \(ProgressFormatter.label(state))")
        if let signal = outcome.signal {
            console.note("test cancelled by \(SignalWatcher.name(of: signal)); cleanup finished")
            throw ExitCode(SignalWatcher.exitStatus(for: signal))
        }
        if state != .success, state != .skipped { throw ExitCode.failure }
    }
}
