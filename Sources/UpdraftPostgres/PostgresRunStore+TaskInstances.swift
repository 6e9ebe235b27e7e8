public import Foundation
import PostgresNIO
public import Updraft

extension PostgresRunStore {
    /// Group-committed: returns once the write is queued — unless it starts a try (a task instance going to
    /// `running` with a try that has not ended). Then it returns once that start is committed, since the engine
    /// runs the task's operator next: a replica killed while a task body runs must leave the try in the store, so
    /// the replica taking the run over counts it as interrupted instead of running the body again as if for the
    /// first time (found by ReplicaTests: bodies ran twice under one recorded try). A commit that fails is thrown
    /// then, so the body never runs on a start that was lost; otherwise it is reported by the next call, as for any
    /// queued write.
    public func saveTaskInstances(_ instances: [TaskInstanceRecord], dagID: String, runID: String) async throws {
        guard !instances.isEmpty else { return }
        let run = try await runKey(dagID: dagID, runID: runID)
        try writer.enqueue(.taskInstances(run: run, instances))
        if instances.contains(where: \.startsTry) { try await writer.commit() }
    }

    /// One statement, one round trip: `updraft.admit_tries` takes an advisory lock for the DAG and one for each
    /// pool asked for, so starts that could exceed a shared limit take turns, and counts, on a snapshot taken once
    /// its locks are held, what the previous one committed; the statement then writes the admitted starts, and the
    /// locks go with its commit. Starts in other DAGs and pools go on beside it. Admitted queued tries wake the
    /// `slotSignals()` readers of every replica once committed (the same statement notifies).
    public func startTries(_ instances: [TaskInstanceRecord], dagID: String, runID: String,
                           limits: TrySlotLimits, now: Date) async throws -> [String] {
        guard !instances.isEmpty else { return [] }
        let run = try await runKey(dagID: dagID, runID: runID)
        let query = try PostgresBatch([.taskInstances(run: run, instances)])
            .startStatement(run: run, dagID: dagID, candidates: instances, limits: limits, now: now)
        // Run again after a broken connection, it admits the same starts: their own rows do not count.
        let admitted = Set(try await exclusiveWrite(query, idempotent: true).map { try $0.decode(String.self) })
        // In the order asked.
        return instances.map(\.taskID).filter(admitted.contains)
    }

    public func taskInstances(dagID: String, runID: String) async throws -> [TaskInstanceRecord] {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return [] }
        var sql = PostgresSQL("")
        let filter = "i.run = \(sql.bind(run))"
        return try await instances(sql, where: filter).map(\.record)
    }

    public func taskInstances(dagID: String, runIDs: [String]?, states: Set<TaskInstanceState>?) async throws
        -> [StoredTaskInstance] {
        var sql = PostgresSQL("")
        var conditions = ["r.dag_id = \(sql.bind(dagID))"]
        if let runIDs { conditions.append("r.run_id = ANY(\(sql.bind(runIDs)))") }
        if let states { conditions.append("i.state = ANY(\(sql.bind(states.map(\.rawValue).sorted())))") }
        return try await instances(sql, where: conditions.joined(separator: " AND "))
    }

    public func recordExternalHandle(_ handle: ExternalHandle, taskID: String, tryNumber: Int, dagID: String,
                                     runID: String) async throws {
        let run = try await runKey(dagID: dagID, runID: runID)
        try await writer.commit(.externalHandle(run: run, taskID: taskID, tryNumber: tryNumber, handle))
    }

    public func externalHandles(taskID: String, dagID: String, runID: String) async throws -> [Int: ExternalHandle] {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return [:] }
        var handles: [Int: ExternalHandle] = [:]
        for row in try await read("""
            SELECT try_number, external_handle::text FROM updraft.task_try
            WHERE run = \(run) AND task_id = \(taskID) AND external_handle IS NOT NULL
            """) {
            let (number, json) = try row.decode((Int, String).self)
            handles[number] = try StoredValues.decodeJSON(ExternalHandle.self, json, column: "task_try.external_handle")
        }
        return handles
    }

    /// Task instances with their tries, in one round trip (tries joined, one row per try); `filter` may use `i`
    /// (task_instance) and `r` (dag_run) and the parameters bound in `sql`.
    func instances(_ sql: PostgresSQL, where filter: String) async throws -> [StoredTaskInstance] {
        var sql = sql
        sql.append("""
            SELECT r.dag_id, r.run_id, i.task_id, i.state, i.try_number, i.max_tries, i.start_date, i.end_date, i.error,
                i.pool, i.pool_slots, t.try_number, t.state, t.start_date, t.end_date, t.error, t.hostname,
                t.external_handle::text
            FROM updraft.task_instance i JOIN updraft.dag_run r ON r.id = i.run
                LEFT JOIN updraft.task_try t ON t.run = i.run AND t.task_id = i.task_id
            WHERE \(filter) ORDER BY r.run_id, i.task_id, t.try_number
            """)
        var result: [StoredTaskInstance] = []
        for row in try await read(sql.query) {
            let (dagID, runID, taskID, state, tryNumber, maxTries, start, end, error, pool, poolSlots, number, tryState,
                 tryStart, tryEnd, tryError, hostname, handle) = try row.decode((String, String, String, String, Int,
                Int, Date?, Date?, String?, String, Int, Int?, String?, Date?, Date?, String?, String?, String?).self)
            if result.last?.runID != runID || result.last?.record.taskID != taskID {
                result.append(StoredTaskInstance(dagID: dagID, runID: runID, record: TaskInstanceRecord(
                    taskID: taskID, state: try StoredValues.state(state, column: "task_instance.state"),
                    tryNumber: tryNumber, maxTries: maxTries, startDate: start, endDate: end, error: error,
                    pool: pool, poolSlots: poolSlots)))
            }
            guard let number, let tryState, let tryStart else { continue }
            result[result.count - 1].record.tries.append(TryRecord(
                tryNumber: number, startDate: tryStart, endDate: tryEnd,
                state: try StoredValues.state(tryState, column: "task_try.state"), error: tryError,
                hostname: hostname,
                externalHandle: try handle.map {
                    try StoredValues.decodeJSON(ExternalHandle.self, $0, column: "task_try.external_handle")
                }))
        }
        return result
    }
}
