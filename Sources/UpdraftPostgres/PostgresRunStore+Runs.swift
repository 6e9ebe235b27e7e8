public import Foundation
import PostgresNIO
public import Updraft

extension PostgresRunStore {
    public func createRun(_ run: DAGRunRecord) async throws {
        let params = try StoredValues.json(run.params)
        let conf = try StoredValues.json(run.conf)
        // ON CONFLICT DO NOTHING covers both unique keys: the run id, and one scheduled or backfill run per logical
        // date. Concurrent creators wait for each other's insert, so exactly one wins.
        let insert: PostgresQuery = """
            WITH created AS (
                INSERT INTO updraft.dag_run (\(unescaped: Self.runColumns))
                VALUES (\(run.dagID), \(run.runID), \(run.logicalDate), \(run.runType.rawValue), \(run.state.rawValue),
                    \(run.startDate), \(run.endDate), \(params)::json, \(conf)::json, \(run.note),
                    \(run.dataIntervalStart), \(run.dataIntervalEnd), \(run.runAfter))
                ON CONFLICT DO NOTHING RETURNING id)
            SELECT id, \(unescaped: PostgresChangeSignal.notification) FROM created
            """
        // The conflicting run may be deleted before it is looked up: then the insert is tried again.
        for _ in 0..<3 {
            if let key = try await exclusiveWrite(insert, idempotent: false).first?.decode(Int64.self) {
                remember(key, for: RunKey(dagID: run.dagID, runID: run.runID))
                changes.signal()
                return
            }
            let conflicts = try await read("""
                SELECT run_id FROM updraft.dag_run WHERE dag_id = \(run.dagID) AND (run_id = \(run.runID)
                    OR (\(run.runType != .manual) AND logical_date = \(run.logicalDate) AND run_type <> 'manual'))
                """).map { try $0.decode(String.self) }
            if conflicts.contains(run.runID) { throw RunStoreError.runExists(dagID: run.dagID, runID: run.runID) }
            if let taken = conflicts.first {
                throw RunStoreError.logicalDateTaken(dagID: run.dagID, logicalDate: run.logicalDate.formatted(.iso8601),
                                                     existingRunID: taken)
            }
        }
        throw RunStoreError.storage(location: url.description, message: """
            creating run '\(run.runID)' of DAG '\(run.dagID)' kept conflicting with runs deleted at the same time
            """)
    }

    public func saveRun(_ run: DAGRunRecord) async throws {
        try await writer.commit(.run(run))
        changes.signal()
    }

    public func run(dagID: String, runID: String) async throws -> DAGRunRecord? {
        try await read("""
            SELECT \(unescaped: Self.runSelection) FROM updraft.dag_run WHERE dag_id = \(dagID) AND run_id = \(runID)
            """).first.map(Self.runRecord)
    }

    public func previousRun(dagID: String, before logicalDate: Date) async throws -> DAGRunRecord? {
        try await read("""
            SELECT \(unescaped: Self.runSelection) FROM updraft.dag_run
            WHERE dag_id = \(dagID) AND logical_date < \(logicalDate) ORDER BY logical_date DESC LIMIT 1
            """).first.map(Self.runRecord)
    }

    public func runs(matching query: RunQuery) async throws -> [DAGRunRecord] {
        var sql = PostgresSQL("SELECT \(Self.runSelection) FROM updraft.dag_run")
        Self.filter(query, into: &sql)
        let order = query.oldestFirst ? "ASC" : "DESC"
        sql.append(" ORDER BY logical_date \(order), run_id \(order) LIMIT \(sql.bind(query.limit))")
        sql.append(" OFFSET \(sql.bind(query.offset))")
        return try await read(sql.query).map(Self.runRecord)
    }

    public func countRuns(matching query: RunQuery) async throws -> Int {
        var sql = PostgresSQL("SELECT count(*) FROM updraft.dag_run")
        Self.filter(query, into: &sql)
        return try await read(sql.query).first?.decode(Int.self) ?? 0
    }

    public func deleteRun(dagID: String, runID: String) async throws -> Bool {
        forget(RunKey(dagID: dagID, runID: runID))
        let deleted = try await exclusiveWrite("""
            WITH deleted AS (DELETE FROM updraft.dag_run WHERE dag_id = \(dagID) AND run_id = \(runID) RETURNING id)
            SELECT id, \(unescaped: PostgresChangeSignal.notification) FROM deleted
            """, idempotent: false)
        changes.signal()
        return !deleted.isEmpty
    }

    // MARK: Rows

    static let runColumns = """
        dag_id, run_id, logical_date, run_type, state, start_date, end_date, params, conf, note, data_interval_start,
        data_interval_end, run_after
        """

    /// The run columns, JSON as text.
    static let runSelection = """
        dag_id, run_id, logical_date, run_type, state, start_date, end_date, params::text, conf::text, note,
        data_interval_start, data_interval_end, run_after
        """

    static func runRecord(_ row: PostgresRow) throws -> DAGRunRecord {
        let (dagID, runID, logicalDate, runType, state, startDate, endDate, params, conf, note, intervalStart,
             intervalEnd, runAfter) = try row.decode(
                (String, String, Date, String, String, Date?, Date?, String, String, String?, Date?, Date?, Date?).self)
        return DAGRunRecord(
            dagID: dagID, runID: runID, logicalDate: logicalDate,
            state: try StoredValues.state(state, column: "dag_run.state"), startDate: startDate, endDate: endDate,
            params: try StoredValues.decodeJSON([String: JSONValue].self, params, column: "dag_run.params"),
            note: note, runType: try StoredValues.state(runType, column: "dag_run.run_type"),
            conf: try StoredValues.decodeJSON([String: JSONValue].self, conf, column: "dag_run.conf"),
            dataIntervalStart: intervalStart, dataIntervalEnd: intervalEnd, runAfter: runAfter)
    }

    private static func filter(_ query: RunQuery, into sql: inout PostgresSQL) {
        var conditions: [String] = []
        if let dagID = query.dagID { conditions.append("dag_id = \(sql.bind(dagID))") }
        if let states = query.states { conditions.append("state = ANY(\(sql.bind(states.map(\.rawValue).sorted())))") }
        if let types = query.runTypes {
            conditions.append("run_type = ANY(\(sql.bind(types.map(\.rawValue).sorted())))")
        }
        if let from = query.logicalDateFrom { conditions.append("logical_date >= \(sql.bind(from))") }
        if let before = query.logicalDateBefore { conditions.append("logical_date < \(sql.bind(before))") }
        if !conditions.isEmpty { sql.append(" WHERE " + conditions.joined(separator: " AND ")) }
    }
}
