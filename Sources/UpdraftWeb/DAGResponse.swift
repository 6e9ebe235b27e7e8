import Foundation
import HTTPTypes
import Updraft

/// Airflow's `DAGResponse`: a DAG as `GET /api/v2/dags` lists it, from the store's ``DAGRecord``. Fields Updraft has
/// no notion of (bundles, files, import errors) carry Airflow's neutral values.
struct DAGResponse: Encodable, Sendable {
    struct Tag: Encodable, Sendable {
        let name: String
        let dag_id: String
        let dag_display_name: String
    }

    let dag_id: String
    let dag_display_name: String
    let is_paused: Bool
    let is_stale: Bool
    let description: String?
    let fileloc: String
    let file_token: String
    let has_import_errors: Bool
    let has_task_concurrency_limits: Bool
    let max_active_runs: Int
    let max_active_tasks: Int
    let max_consecutive_failed_dag_runs: Int
    let next_dagrun_logical_date: Date?
    let next_dagrun_run_after: Date?
    let last_parsed_time: Date?
    let owners: [String]
    let tags: [Tag]
    let timetable_summary: String?
    let timetable_description: String?
    let timetable_partitioned: Bool

    init(_ record: DAGRecord, masker: SecretMasker) {
        dag_id = record.dagID
        dag_display_name = record.dagID
        is_paused = record.isPaused
        is_stale = false
        description = record.description.map(masker.mask)
        fileloc = ""
        file_token = ""
        has_import_errors = false
        has_task_concurrency_limits = false
        max_active_runs = record.maxActiveRuns
        max_active_tasks = record.maxActiveTasks
        max_consecutive_failed_dag_runs = 0
        next_dagrun_logical_date = record.nextLogicalDate
        next_dagrun_run_after = record.nextRunAfter
        last_parsed_time = record.lastSeenAt
        owners = record.owners
        tags = record.tags.map { Tag(name: $0, dag_id: record.dagID, dag_display_name: record.dagID) }
        timetable_summary = record.schedule
        timetable_description = record.timetable
        timetable_partitioned = false
    }
}

/// Airflow's `DAGCollectionResponse`.
struct DAGCollectionResponse: Encodable, Sendable {
    let dags: [DAGResponse]
    let total_entries: Int
}
