public import Foundation
import GRDB
import Synchronization
public import Updraft

extension SQLiteRunStore {
    /// Group-committed: returns once the write is queued — unless it starts a try
    /// (`TaskInstanceRecord.startsTry`). Then it returns once that start is committed, since the engine runs the
    /// task's operator next: a process killed while the operator runs must leave the try in the database, so the
    /// resume counts it as interrupted instead of running the operator again as if for the first time. A commit
    /// that fails is thrown then, so the operator never runs on a start that was lost; otherwise it is reported by
    /// the next call, as for any queued write.
    public func saveTaskInstances(_ instances: [TaskInstanceRecord], dagID: String, runID: String) async throws {
        guard !instances.isEmpty else { return }
        let run = try await runKey(dagID: dagID, runID: runID)
        // A try's end frees a slot: once it is committed, the processes whose starts were refused are woken — if
        // any waits. The signal (a file written, every watcher woken) would otherwise cost each task's end.
        let endsTry = instances.contains(where: \.endsTry)
        let waited = SlotWaitSeen()
        let slotChanges = slotChanges
        let signalIfWaited: @Sendable () -> Void = { if waited.isMarked { slotChanges.signal() } }
        try writer.enqueue({ db in
            try Self.write(instances, run: run, db)
            if endsTry, try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM slot_wait)")) == true {
                waited.mark()
            }
        }, afterCommit: endsTry ? signalIfWaited : nil)
        if instances.contains(where: \.startsTry) { try await writer.commit() }
    }

    /// One write transaction: SQLite's single writer makes every process's starts take turns, and the counts read
    /// inside it are current, since the write lock is taken before anything is read. It is the writer's next group
    /// commit, after the writes queued before (a try's end among them, which the count then sees): one commit per
    /// scheduling round, as before starts were counted.
    public func startTries(_ instances: [TaskInstanceRecord], dagID: String, runID: String,
                           limits: TrySlotLimits, now: Date) async throws -> [String] {
        guard !instances.isEmpty else { return [] }
        let run = try await runKey(dagID: dagID, runID: runID)
        let started = Mutex<[TaskInstanceRecord]>([])
        try await writer.commit { db in
            // A no-op write takes the lock before the count, should no queued write have taken it: counting on a
            // deferred transaction's snapshot could count what another process is about to change. Not of `id`:
            // writing a parent key, even unchanged, makes SQLite check every row that refers to it (a large run's
            // task instances and tries, at each start: found by SQLiteStoreBenchmark, a resume 15 times slower).
            try db.cachedStatement(sql: "UPDATE dag_run SET state = state WHERE id = ?").execute(arguments: [run])
            // Running tries of live runs (this one, or running and owned now), read through the index by state: a
            // few rows, where a plan through the run's key would read every task instance of a large run.
            let candidates = Set(instances.map(\.taskID))
            var running = 0
            var poolUsage: [String: Int] = [:]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT r.dag_id, i.run, i.task_id, i.pool, i.pool_slots
                FROM task_instance i INDEXED BY task_instance_by_state JOIN dag_run r ON r.id = i.run
                WHERE i.state = 'running'
                    AND (r.id = ? OR (r.state = 'running' AND (r.lease_owner IS NULL OR r.lease_expires > ?)))
                """), arguments: [run, now.timeIntervalSince1970])
            while let row = try rows.next() {
                if row["run"] == run, candidates.contains(row["task_id"]) { continue }  // the candidates' own rows
                if row["dag_id"] == dagID { running += 1 }
                poolUsage[row["pool"], default: 0] += row["pool_slots"] as Int
            }
            let admitted = limits.admit(instances, running: running, poolUsage: poolUsage)
            try Self.write(admitted, run: run, db)
            // Whether this run waits for a slot, which the ends of tries then signal (see `saveTaskInstances`).
            try db.cachedStatement(sql: admitted.count < instances.count
                ? "INSERT OR IGNORE INTO slot_wait (run) VALUES (?)" : "DELETE FROM slot_wait WHERE run = ?")
                .execute(arguments: [run])
            started.withLock { $0 = admitted }
        }
        let admitted = started.withLock { $0 }
        // Queued tries wake the processes that claim them (`claimTries`), once they can see them.
        if admitted.contains(where: \.queuesTry) { slotChanges.signal() }
        return admitted.map(\.taskID)
    }

    /// Writes task instances and their tries (the external handle is left to `recordExternalHandle`, the claim to
    /// `claimTries` and the calls that follow it).
    static func write(_ instances: [TaskInstanceRecord], run: Int64, _ db: Database) throws {
        let instance = try db.cachedStatement(sql: """
            INSERT INTO task_instance (run, task_id, state, try_number, max_tries, start_date, end_date, error, pool,
                pool_slots)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run, task_id) DO UPDATE SET state = excluded.state, try_number = excluded.try_number,
                max_tries = excluded.max_tries, start_date = excluded.start_date, end_date = excluded.end_date,
                error = excluded.error, pool = excluded.pool, pool_slots = excluded.pool_slots
            """)
        // The external handle is the operator's (recordExternalHandle): a try's row never overwrites it.
        let attempt = try db.cachedStatement(sql: """
            INSERT INTO task_try (run, task_id, try_number, state, start_date, end_date, error, hostname)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run, task_id, try_number) DO UPDATE SET state = excluded.state,
                start_date = excluded.start_date, end_date = excluded.end_date, error = excluded.error,
                hostname = excluded.hostname
            """)
        for record in instances {
            try instance.execute(arguments: [
                run, record.taskID, record.state.rawValue, record.tryNumber, record.maxTries,
                SQLiteValues.seconds(record.startDate), SQLiteValues.seconds(record.endDate), record.error,
                record.pool, record.poolSlots,
            ])
            for tried in record.tries {
                try attempt.execute(arguments: [
                    run, record.taskID, tried.tryNumber, tried.state.rawValue,
                    tried.startDate.timeIntervalSince1970, SQLiteValues.seconds(tried.endDate), tried.error,
                    tried.hostname,
                ])
            }
        }
    }

    public func taskInstances(dagID: String, runID: String) async throws -> [TaskInstanceRecord] {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return [] }
        return try await read { db in
            try Self.instances(db, where: "i.run = ?", arguments: [run]).map(\.record)
        }
    }

    public func taskInstances(dagID: String, runIDs: [String]?, states: Set<TaskInstanceState>?) async throws
        -> [StoredTaskInstance] {
        var conditions = ["r.dag_id = ?"]
        var arguments: StatementArguments = [dagID]
        if let runIDs {
            conditions.append(runIDs.isEmpty ? "0" : "r.run_id IN (\(runIDs.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(runIDs)
        }
        if let states {
            conditions.append(states.isEmpty ? "0" : "i.state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(states.map(\.rawValue).sorted())
        }
        let filter = conditions.joined(separator: " AND ")
        let finalArguments = arguments
        return try await read { db in try Self.instances(db, where: filter, arguments: finalArguments) }
    }

    public func recordExternalHandle(_ handle: ExternalHandle, taskID: String, tryNumber: Int, dagID: String,
                                     runID: String) async throws {
        let run = try await runKey(dagID: dagID, runID: runID)
        let json = try StoredValues.json(handle)
        try await writer.commit { db in
            // Normally the try's row exists (the engine writes it before the try starts); if not, the handle makes it.
            try db.execute(sql: """
                INSERT INTO task_try (run, task_id, try_number, state, start_date, external_handle)
                VALUES (?, ?, ?, 'running', ?, ?)
                ON CONFLICT (run, task_id, try_number) DO UPDATE SET external_handle = excluded.external_handle
                """, arguments: [run, taskID, tryNumber, handle.recordedAt.timeIntervalSince1970, json])
        }
    }

    public func externalHandles(taskID: String, dagID: String, runID: String) async throws -> [Int: ExternalHandle] {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return [:] }
        return try await read { db in
            var handles: [Int: ExternalHandle] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT try_number, external_handle FROM task_try
                WHERE run = ? AND task_id = ? AND external_handle IS NOT NULL
                """, arguments: [run, taskID]) {
                handles[row["try_number"]] = try StoredValues.decodeJSON(
                    ExternalHandle.self, row["external_handle"], column: "task_try.external_handle")
            }
            return handles
        }
    }

    /// Task instances with their tries, by run id then task id; `filter` may use `i` (task_instance) and `r`
    /// (dag_run).
    static func instances(_ db: Database, where filter: String, arguments: StatementArguments) throws
        -> [StoredTaskInstance] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.dag_id, r.run_id, i.run, i.task_id, i.state, i.try_number, i.max_tries, i.start_date, i.end_date,
                i.error, i.pool, i.pool_slots
            FROM task_instance i JOIN dag_run r ON r.id = i.run
            WHERE \(filter) ORDER BY r.run_id, i.task_id
            """, arguments: arguments)
        let tries = try Row.fetchAll(db, sql: """
            SELECT t.run, t.task_id, t.try_number, t.state, t.start_date, t.end_date, t.error, t.hostname,
                t.external_handle
            FROM task_try t JOIN task_instance i ON i.run = t.run AND i.task_id = t.task_id JOIN dag_run r ON r.id = t.run
            WHERE \(filter) ORDER BY t.run, t.task_id, t.try_number
            """, arguments: arguments)
        var triesByInstance: [InstanceKey: [TryRecord]] = [:]
        for row in tries {
            let handle: String? = row["external_handle"]
            triesByInstance[InstanceKey(run: row["run"], taskID: row["task_id"]), default: []].append(TryRecord(
                tryNumber: row["try_number"], startDate: Date(timeIntervalSince1970: row["start_date"]),
                endDate: SQLiteValues.date(row["end_date"]),
                state: try StoredValues.state(row["state"], column: "task_try.state"), error: row["error"],
                hostname: row["hostname"],
                externalHandle: try handle.map {
                    try StoredValues.decodeJSON(ExternalHandle.self, $0, column: "task_try.external_handle")
                }))
        }
        return try rows.map { row in
            let record = TaskInstanceRecord(
                taskID: row["task_id"], state: try StoredValues.state(row["state"], column: "task_instance.state"),
                tryNumber: row["try_number"], maxTries: row["max_tries"], startDate: SQLiteValues.date(row["start_date"]),
                endDate: SQLiteValues.date(row["end_date"]), error: row["error"],
                tries: triesByInstance[InstanceKey(run: row["run"], taskID: row["task_id"])] ?? [],
                pool: row["pool"], poolSlots: row["pool_slots"])
            return StoredTaskInstance(dagID: row["dag_id"], runID: row["run_id"], record: record)
        }
    }

    private struct InstanceKey: Hashable {
        var run: Int64
        var taskID: String
    }
}

/// Whether a write saw a run waiting for a slot, for the signal sent after its commit.
private final class SlotWaitSeen: Sendable {
    private let seen = Atomic(false)

    func mark() { seen.store(true, ordering: .relaxed) }
    var isMarked: Bool { seen.load(ordering: .relaxed) }
}
