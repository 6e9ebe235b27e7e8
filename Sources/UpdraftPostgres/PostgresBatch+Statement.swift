import Foundation
import PostgresNIO
import Updraft

extension PostgresBatch {
    /// The batch as one statement whose only parameter is a JSON document of its rows (`json_to_recordset` turns
    /// each part back into rows; NULLs and any number of rows need no per-row parameters). Rows are sorted by key,
    /// so two writers touching the same rows lock them in the same order. Run changes notify the change channel.
    func statement() throws -> PostgresQuery {
        var notifications: [String] = []
        if !runs.isEmpty { notifications.append(PostgresChangeSignal.notification) }
        if instances.values.contains(where: \.endsTry) { notifications.append(PostgresChangeSignal.slotsNotification) }
        let notify = "SELECT " + (notifications.isEmpty ? "1" : notifications.joined(separator: ", "))
        var binds = PostgresBindings(capacity: 1)
        return try statement(prefix: [], filter: "", ending: notify, binds: &binds)
    }

    /// The batch's tries started only where `updraft.admit_tries` admits them (`startTries`): one statement that
    /// counts, under the function's locks, and writes the admitted starts; it returns their task ids. Admitted
    /// queued tries (`queuesTry`) notify with the slots payload: the replicas that claim tries look for them once
    /// the starts are committed.
    func startStatement(run: Int64, dagID: String, candidates: [TaskInstanceRecord], limits: TrySlotLimits,
                        now: Date) throws -> PostgresQuery {
        struct Candidate: Encodable {
            var position: Int
            var task_id: String
            var pool: String
            var pool_slots: Int
        }
        var binds = PostgresBindings(capacity: 8)
        let admitted = "admitted AS (SELECT task_id FROM updraft.admit_tries($2, $3, $4::json, $5::integer, $6::json, $7))"
        // A transaction's notifications with the same payload are sent once, however many rows call it.
        let ending = """
            SELECT task_id, CASE WHEN task_id = ANY($8) THEN \(PostgresChangeSignal.slotsNotification) END
            FROM admitted
            """
        let query = try statement(prefix: [admitted], filter: "WHERE v.task_id IN (SELECT task_id FROM admitted)",
                                  ending: ending, binds: &binds)
        var all = query.binds
        all.append(run)
        all.append(dagID)
        all.append(try StoredValues.json(candidates.enumerated().map {
            Candidate(position: $0.offset, task_id: $0.element.taskID, pool: $0.element.pool,
                      pool_slots: $0.element.poolSlots)
        }))
        all.append(limits.maxActiveTasks)
        all.append(try StoredValues.json(limits.poolSizes))
        all.append(now)
        all.append(candidates.filter(\.queuesTry).map(\.taskID))
        return PostgresQuery(unsafeSQL: query.sql, binds: all)
    }

    /// The batch as `WITH <prefix>, <parts> <ending>`, its instances and tries filtered by `filter`; `$1` is the
    /// JSON document of its rows.
    private func statement(prefix: [String], filter: String, ending: String,
                           binds: inout PostgresBindings) throws -> PostgresQuery {
        var parts = prefix
        var document = Document()
        if !runs.isEmpty {
            document.runs = runs.sorted { $0.key < $1.key }.map { RunRow($0.value) }
            parts.append(Self.runsSQL)
        }
        if !instances.isEmpty {
            document.instances = instances.sorted { $0.key < $1.key }.map { InstanceRow(run: $0.key.run, $0.value) }
            parts.append(Self.instancesSQL(filter))
        }
        for (key, change) in tries.sorted(by: { $0.key < $1.key }) {
            if let record = change.record {
                document.tries.append(TryRow(key: key, record: record, handle: change.handle))
            } else if let handle = change.handle {
                document.handles.append(HandleRow(key: key, handle: handle))
            }
        }
        if !document.tries.isEmpty { parts.append(Self.triesSQL(filter)) }
        if !document.handles.isEmpty { parts.append(Self.handlesSQL) }
        document.xcoms = xcoms.sorted { $0.key < $1.key }.map {
            XComRow(run: $0.key.instance.run, task_id: $0.key.instance.taskID, key: $0.key.key, value: $0.value)
        }
        if !clearedXComs.isEmpty {
            document.clears = clearedXComs.sorted().map { ClearRow(run: $0.run, task_id: $0.taskID) }
            parts.append(Self.clearsSQL)
        }
        if !document.xcoms.isEmpty { parts.append(Self.xcomsSQL) }
        binds.append(try StoredValues.json(document))
        return PostgresQuery(unsafeSQL: "WITH " + parts.joined(separator: ",\n") + "\n" + ending, binds: binds)
    }

    // MARK: SQL

    private static func rows(_ part: String, _ columns: String) -> String {
        "json_to_recordset($1::json -> '\(part)') AS v(\(columns))"
    }

    private static let ts = PostgresValues.timestamp

    private static let runsSQL = """
        runs AS (INSERT INTO updraft.dag_run (dag_id, run_id, logical_date, run_type, state, start_date, end_date,
                params, conf, note, data_interval_start, data_interval_end, run_after)
            SELECT v.dag_id, v.run_id, \(ts("v.logical_date")), v.run_type, v.state, \(ts("v.start_date")),
                \(ts("v.end_date")), v.params, v.conf, v.note, \(ts("v.data_interval_start")),
                \(ts("v.data_interval_end")), \(ts("v.run_after"))
            FROM \(rows("runs", """
                dag_id text, run_id text, logical_date bigint, run_type text, state text, start_date bigint,
                end_date bigint, params json, conf json, note text, data_interval_start bigint,
                data_interval_end bigint, run_after bigint
                """))
            ON CONFLICT (dag_id, run_id) DO UPDATE SET logical_date = excluded.logical_date,
                run_type = excluded.run_type, state = excluded.state, start_date = excluded.start_date,
                end_date = excluded.end_date, params = excluded.params, conf = excluded.conf, note = excluded.note,
                data_interval_start = excluded.data_interval_start, data_interval_end = excluded.data_interval_end,
                run_after = excluded.run_after)
        """

    private static func instancesSQL(_ filter: String) -> String { """
        instances AS (INSERT INTO updraft.task_instance (run, task_id, state, try_number, max_tries, start_date,
                end_date, error, pool, pool_slots)
            SELECT v.run, v.task_id, v.state, v.try_number, v.max_tries, \(ts("v.start_date")), \(ts("v.end_date")),
                v.error, v.pool, v.pool_slots
            FROM \(rows("instances", """
                run bigint, task_id text, state text, try_number integer, max_tries integer, start_date bigint,
                end_date bigint, error text, pool text, pool_slots integer
                """)) \(filter)
            ON CONFLICT (run, task_id) DO UPDATE SET state = excluded.state, try_number = excluded.try_number,
                max_tries = excluded.max_tries, start_date = excluded.start_date, end_date = excluded.end_date,
                error = excluded.error, pool = excluded.pool, pool_slots = excluded.pool_slots)
        """
    }

    /// The engine's try rows; a handle in the same batch rides along, and an absent one keeps the stored handle
    /// (the handle is the operator's: the engine's writes never erase it).
    private static func triesSQL(_ filter: String) -> String { """
        tries AS (INSERT INTO updraft.task_try AS t (run, task_id, try_number, state, start_date, end_date, error, hostname,
                external_handle)
            SELECT v.run, v.task_id, v.try_number, v.state, \(ts("v.start_date")), \(ts("v.end_date")), v.error,
                v.hostname, v.external_handle
            FROM \(rows("tries", """
                run bigint, task_id text, try_number integer, state text, start_date bigint, end_date bigint,
                error text, hostname text, external_handle json
                """)) \(filter)
            ON CONFLICT (run, task_id, try_number) DO UPDATE SET state = excluded.state,
                start_date = excluded.start_date, end_date = excluded.end_date, error = excluded.error,
                hostname = excluded.hostname,
                external_handle = coalesce(excluded.external_handle, t.external_handle))
        """
    }

    /// Handles alone: normally the try's row exists (the engine writes it before the try starts); if not, the
    /// handle makes it.
    private static let handlesSQL = """
        handles AS (INSERT INTO updraft.task_try (run, task_id, try_number, state, start_date, external_handle)
            SELECT v.run, v.task_id, v.try_number, 'running', \(ts("v.recorded_at")), v.external_handle
            FROM \(rows("handles", "run bigint, task_id text, try_number integer, recorded_at bigint, external_handle json"))
            ON CONFLICT (run, task_id, try_number) DO UPDATE SET external_handle = excluded.external_handle)
        """

    /// A cleared task's values go, except those set after the clear (the next part writes them: a statement may
    /// change each row once).
    private static let clearsSQL = """
        clears AS (DELETE FROM updraft.xcom x USING \(rows("clears", "run bigint, task_id text"))
            WHERE x.run = v.run AND x.task_id = v.task_id AND NOT EXISTS (
                SELECT 1 FROM json_to_recordset($1::json -> 'xcoms') AS s(run bigint, task_id text, key text)
                WHERE s.run = x.run AND s.task_id = x.task_id AND s.key = x.key))
        """

    private static let xcomsSQL = """
        xcoms AS (INSERT INTO updraft.xcom (run, task_id, key, value)
            SELECT v.run, v.task_id, v.key, v.value FROM \(rows("xcoms", "run bigint, task_id text, key text, value json"))
            ON CONFLICT (run, task_id, key) DO UPDATE SET value = excluded.value)
        """
}
