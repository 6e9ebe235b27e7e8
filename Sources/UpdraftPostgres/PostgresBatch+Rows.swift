import Updraft

extension PostgresBatch {
    /// The batch's rows as the statement's JSON parameter. Keys are the columns `json_to_recordset` reads; dates are
    /// microseconds since the Unix epoch (see ``PostgresValues/microseconds(_:)``).
    struct Document: Encodable {
        var runs: [RunRow] = []
        var instances: [InstanceRow] = []
        var tries: [TryRow] = []
        var handles: [HandleRow] = []
        var clears: [ClearRow] = []
        var xcoms: [XComRow] = []
    }

    // Property names are the columns' (snake case), so no coding keys are needed and none can drift.

    struct RunRow: Encodable {
        var dag_id, run_id, run_type, state: String
        var logical_date: Int64?
        var start_date, end_date, data_interval_start, data_interval_end, run_after: Int64?
        var params, conf: [String: JSONValue]
        var note: String?

        init(_ run: DAGRunRecord) {
            dag_id = run.dagID
            run_id = run.runID
            run_type = run.runType.rawValue
            state = run.state.rawValue
            logical_date = PostgresValues.microseconds(run.logicalDate)
            start_date = PostgresValues.microseconds(run.startDate)
            end_date = PostgresValues.microseconds(run.endDate)
            data_interval_start = PostgresValues.microseconds(run.dataIntervalStart)
            data_interval_end = PostgresValues.microseconds(run.dataIntervalEnd)
            run_after = PostgresValues.microseconds(run.runAfter)
            params = run.params
            conf = run.conf
            note = run.note
        }
    }

    struct InstanceRow: Encodable {
        var run: Int64
        var task_id, state: String
        var try_number, max_tries: Int
        var start_date, end_date: Int64?
        var error: String?
        var pool: String
        var pool_slots: Int

        init(run: Int64, _ record: TaskInstanceRecord) {
            self.run = run
            task_id = record.taskID
            state = record.state.rawValue
            try_number = record.tryNumber
            max_tries = record.maxTries
            start_date = PostgresValues.microseconds(record.startDate)
            end_date = PostgresValues.microseconds(record.endDate)
            error = record.error
            pool = record.pool
            pool_slots = record.poolSlots
        }
    }

    struct TryRow: Encodable {
        var run: Int64
        var task_id: String
        var try_number: Int
        var state: String
        var start_date: Int64?
        var end_date: Int64?
        var error, hostname: String?
        var external_handle: ExternalHandle?

        init(key: TryKey, record: TryRecord, handle: ExternalHandle?) {
            run = key.instance.run
            task_id = key.instance.taskID
            try_number = key.tryNumber
            state = record.state.rawValue
            start_date = PostgresValues.microseconds(record.startDate)
            end_date = PostgresValues.microseconds(record.endDate)
            error = record.error
            hostname = record.hostname
            external_handle = handle
        }
    }

    struct HandleRow: Encodable {
        var run: Int64
        var task_id: String
        var try_number: Int
        var recorded_at: Int64?
        var external_handle: ExternalHandle

        init(key: TryKey, handle: ExternalHandle) {
            run = key.instance.run
            task_id = key.instance.taskID
            try_number = key.tryNumber
            recorded_at = PostgresValues.microseconds(handle.recordedAt)
            external_handle = handle
        }
    }

    struct ClearRow: Encodable {
        var run: Int64
        var task_id: String
    }

    struct XComRow: Encodable {
        var run: Int64
        var task_id, key: String
        var value: JSONValue
    }

}
