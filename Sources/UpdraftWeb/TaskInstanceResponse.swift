import Foundation
import HTTPTypes
import Updraft

/// Airflow's `TaskInstanceResponse`, from a stored ``TaskInstanceRecord`` of a run, its pool and slots included.
/// Updraft has no queues or executors: those fields carry Airflow's defaults.
struct TaskInstanceResponse: Encodable, Sendable {
    let id: String
    let dag_id: String
    let dag_display_name: String
    let dag_run_id: String
    let task_id: String
    let task_display_name: String
    let map_index: Int
    let logical_date: Date
    let run_after: Date
    let start_date: Date?
    let end_date: Date?
    let duration: Double?
    let state: String?
    let try_number: Int
    let max_tries: Int
    let hostname: String?
    let operator_name: String?
    let pool: String
    let pool_slots: Int
    let executor_config: String
    let note: String?

    enum CodingKeys: String, CodingKey {
        case id, dag_id, dag_display_name, dag_run_id, task_id, task_display_name, map_index, logical_date, run_after, start_date,
             end_date, duration, state, try_number, max_tries, hostname, pool, pool_slots, executor_config, note
        case operator_name = "operator"
    }

    init(_ instance: TaskInstanceRecord, run: DAGRunRecord, operatorName: String?, masker: SecretMasker) {
        id = "\(run.dagID)/\(run.runID)/\(instance.taskID)"
        dag_id = run.dagID
        dag_display_name = run.dagID
        dag_run_id = run.runID
        task_id = instance.taskID
        task_display_name = instance.taskID
        map_index = -1
        logical_date = run.logicalDate
        run_after = run.runAfter ?? run.logicalDate
        start_date = instance.startDate
        end_date = instance.endDate
        duration = instance.duration
        // Airflow's TaskInstanceState has no "none": a task instance without state is null.
        state = instance.state == .pending ? nil : instance.state.rawValue
        try_number = instance.tryNumber
        max_tries = instance.maxTries
        hostname = instance.tries.last?.hostname
        operator_name = operatorName
        pool = masker.mask(instance.pool)
        pool_slots = instance.poolSlots
        executor_config = "{}"
        note = instance.error.map(masker.mask)
    }
}

/// Airflow's `TaskInstanceCollectionResponse`.
struct TaskInstanceCollectionResponse: Encodable, Sendable {
    let task_instances: [TaskInstanceResponse]
    let total_entries: Int
}
