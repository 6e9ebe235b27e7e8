import Foundation
import GRDB
public import Updraft

/// The overviews the web pages read for many DAGs or runs at once, each in one read.
extension SQLiteRunStore {
    public func runsOverview(dagIDs: [String], latest: Int) async throws -> [String: DAGRunsOverview] {
        guard !dagIDs.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: dagIDs.count).joined(separator: ", ")
        let ids = StatementArguments(dagIDs)
        return try await read { db in
            var overviews: [String: DAGRunsOverview] = [:]
            let latestRows = try Row.fetchCursor(db, sql: """
                SELECT dag_id, run_id, logical_date, state FROM (
                    SELECT dag_id, run_id, logical_date, state, ROW_NUMBER() OVER (
                        PARTITION BY dag_id ORDER BY logical_date DESC, run_id DESC) AS position
                    FROM dag_run WHERE dag_id IN (\(placeholders)))
                WHERE position <= ? ORDER BY dag_id, position
                """, arguments: ids + [latest])
            while let row = try latestRows.next() {
                let run = RunSummary(runID: row[1], logicalDate: Date(timeIntervalSince1970: row[2]),
                                     state: try StoredValues.state(row[3], column: "dag_run.state"))
                overviews[row[0], default: DAGRunsOverview()].latestRuns.append(run)
            }
            let failedRows = try Row.fetchCursor(db, sql: """
                SELECT dag_id, COUNT(*) FROM dag_run WHERE state = 'failed' AND dag_id IN (\(placeholders))
                GROUP BY dag_id
                """, arguments: ids)
            while let row = try failedRows.next() {
                overviews[row[0], default: DAGRunsOverview()].failedRuns = row[1]
            }
            return overviews
        }
    }

    public func taskInstanceStates(dagID: String, runIDs: [String]) async throws -> [TaskInstanceStateRecord] {
        guard !runIDs.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: runIDs.count).joined(separator: ", ")
        let arguments = StatementArguments([dagID]) + StatementArguments(runIDs)
        return try await read { db in
            var cells: [TaskInstanceStateRecord] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT r.run_id, i.task_id, i.state FROM task_instance i JOIN dag_run r ON r.id = i.run
                WHERE r.dag_id = ? AND r.run_id IN (\(placeholders))
                """, arguments: arguments)
            while let row = try rows.next() {
                cells.append(TaskInstanceStateRecord(runID: row[0], taskID: row[1],
                                                     state: try StoredValues.state(row[2], column: "task_instance.state")))
            }
            return cells
        }
    }
}
