import ArgumentParser
import Foundation
import Updraft

/// `trigger`: queues a manual run with a conf, for the `serve` process that shares the run store to start
/// (Airflow's `dags trigger`).
struct TriggerCommand<Executable: DAGExecutable>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "trigger", abstract: "Queue a run for `serve` to start (with a conf).")
    }

    @OptionGroup var selection: DAGSelection
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("conf"), help: ArgumentHelp("The run's conf, a JSON object.", valueName: "json"))
    var conf: String?

    @Option(name: .customLong("run-id"), help: ArgumentHelp("The run id (manual__<time> by default).",
                                                            valueName: "run-id"),
            transform: RunParameters.parseRunID)
    var runID: String?

    func run() async throws {
        let dag = try selection.dag(from: try Executable.makeDAGs())
        let values = try Self.parseConf(conf)
        let configuration = try Executable.engineConfiguration()
        let now = Date()
        let queued = DAGRunRecord(dagID: dag.dagID, runID: runID ?? RunID.manual(triggeredAt: now), logicalDate: now,
                                  state: .queued, params: dag.params.merging(values) { _, new in new },
                                  runType: .manual, conf: values, runAfter: now)
        let location = try await storeOptions.withStore(masker: configuration.masker) { opened in
            try await opened.store.createRun(queued)
            try await opened.store.sync()
            return opened.description
        }
        print("queued run \(queued.runID) of \(dag.dagID): a `serve` process on \(location) starts it")
    }

    /// The conf as a JSON object, or a usage error naming what is wrong with it.
    static func parseConf(_ text: String?) throws -> [String: JSONValue] {
        guard let text else { return [:] }
        do {
            guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
                throw ValidationError("--conf must be a JSON object, like {\"region\": \"eu\"}")
            }
            return object
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("--conf is not valid JSON: \(error.localizedDescription)")
        }
    }
}
