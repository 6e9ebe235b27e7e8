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
        let opened = try await storeOptions.open(masker: configuration.masker)
        let now = Date()
        let run = DAGRunRecord(dagID: dag.dagID, runID: runID ?? RunID.manual(triggeredAt: now), logicalDate: now,
                               state: .queued, params: dag.params.merging(values) { _, new in new },
                               runType: .manual, conf: values, runAfter: now)
        do {
            try await opened.store.createRun(run)
            try await opened.store.sync()
        } catch {
            await opened.close()
            throw ValidationError(configuration.masker.mask(String(describing: error)))
        }
        await opened.close()
        print("queued run \(run.runID) of \(dag.dagID): a `serve` process on \(opened.description) starts it")
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
