import Foundation
import HTTPTypes
import Updraft

/// Airflow's `DAGRunResponse`, from a stored ``DAGRunRecord``.
struct DAGRunResponse: Encodable, Sendable {
    let dag_id: String
    let dag_display_name: String
    let dag_run_id: String
    let dag_versions: [String]
    let logical_date: Date
    let run_after: Date
    let queued_at: Date?
    let start_date: Date?
    let end_date: Date?
    let duration: Double?
    let data_interval_start: Date?
    let data_interval_end: Date?
    let state: String
    let run_type: String
    let triggered_by: String?
    let conf: [String: JSONValue]
    let note: String?

    init(_ run: DAGRunRecord, masker: SecretMasker) {
        dag_id = run.dagID
        dag_display_name = run.dagID
        dag_run_id = run.runID
        dag_versions = []
        logical_date = run.logicalDate
        run_after = run.runAfter ?? run.logicalDate
        queued_at = nil
        start_date = run.startDate
        end_date = run.endDate
        duration = run.startDate.flatMap { start in run.endDate.map { $0.timeIntervalSince(start) } }
        data_interval_start = run.dataIntervalStart
        data_interval_end = run.dataIntervalEnd
        state = run.state.rawValue
        run_type = run.runType.rawValue
        triggered_by = run.runType == .manual ? "rest_api" : nil
        conf = run.conf.mapValues { MaskedJSON.mask($0, with: masker) }
        note = run.note.map(masker.mask)
    }
}

/// Airflow's `DAGRunCollectionResponse`.
struct DAGRunCollectionResponse: Encodable, Sendable {
    let dag_runs: [DAGRunResponse]
    let total_entries: Int
}
