import Foundation
import HTTPTypes
import Updraft

/// Airflow's `TriggerDAGRunPostBody`.
struct TriggerBody: Decodable, Sendable {
    let dag_run_id: String?
    let logical_date: Date?
    let run_after: Date?
    let conf: [String: JSONValue]?
    let note: String?
}

/// Writes a manual run so that a scheduler starts it: a queued run record of type manual with its conf. The
/// scheduler of any replica sharing the store picks it up (the store's change signal wakes it).
struct RunTrigger: Sendable {
    let store: any RunStore

    func trigger(dag: DAGRecord, body: TriggerBody, now: Date = Date()) async throws -> DAGRunRecord {
        let runID = body.dag_run_id ?? RunID.manual(triggeredAt: now)
        if let problem = RunID.problem(with: runID) {
            throw APIError(.badRequest, "invalid dag_run_id: \(problem)")
        }
        let run = DAGRunRecord(
            dagID: dag.dagID, runID: runID, logicalDate: body.logical_date ?? now, state: .queued,
            note: body.note, runType: .manual, conf: body.conf ?? [:],
            dataIntervalStart: body.logical_date ?? now, dataIntervalEnd: body.logical_date ?? now,
            runAfter: body.run_after ?? body.logical_date ?? now)
        do {
            try await store.createRun(run)
        } catch RunStoreError.runExists(let dagID, let runID) {
            throw APIError(.conflict, "DAG run with id \(runID) already exists for DAG \(dagID)")
        }
        return run
    }
}
