import Foundation
import HTTPTypes
import Updraft

/// What every route reads: the store, the DAGs this service knows, where task logs are, and the masker.
struct WebContext: Sendable {
    let store: any RunStore
    let dagsByID: [String: DAG]
    let logDirectory: TaskLogDirectory?
    let masker: SecretMasker
    let maxBodySize: Int

    /// The stored run, or a 404.
    func run(dagID: String, runID: String) async throws -> DAGRunRecord {
        guard let run = try await store.run(dagID: dagID, runID: runID) else {
            throw APIError(.notFound, "The DagRun with dag_id: `\(dagID)` and run_id: `\(runID)` was not found")
        }
        return run
    }

    /// The registered DAG, or a 404.
    func dagRecord(dagID: String) async throws -> DAGRecord {
        guard let record = try await store.dag(dagID: dagID) else {
            throw APIError(.notFound, "Dag with id \(dagID) was not found")
        }
        return record
    }

    /// Task instance answers of a run, in the DAG's task order.
    func taskInstanceResponses(run: DAGRunRecord) async throws -> [TaskInstanceResponse] {
        let dag = dagsByID[run.dagID]
        return try await store.taskInstances(dagID: run.dagID, runID: run.runID)
            .map { TaskInstanceResponse($0, run: run, operatorName: dag?.task($0.taskID)?.operatorName, masker: masker) }
    }
}
