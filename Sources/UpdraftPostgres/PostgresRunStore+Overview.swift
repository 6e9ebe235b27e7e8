import Foundation
import PostgresNIO
public import Updraft

/// The overviews the web pages read for many DAGs or runs at once, each in one round trip.
extension PostgresRunStore {
    public func runsOverview(dagIDs: [String], latest: Int) async throws -> [String: DAGRunsOverview] {
        guard !dagIDs.isEmpty else { return [:] }
        var overviews: [String: DAGRunsOverview] = [:]
        // Both parts in one statement: the latest runs (position ≥ 1) and the failed count (position 0).
        for row in try await read("""
            SELECT dag_id, run_id, logical_date, state, position, 0 AS failed FROM (
                SELECT dag_id, run_id, logical_date, state, ROW_NUMBER() OVER (
                    PARTITION BY dag_id ORDER BY logical_date DESC, run_id DESC) AS position
                FROM updraft.dag_run WHERE dag_id = ANY(\(dagIDs))) latest
            WHERE position <= \(latest)
            UNION ALL
            SELECT dag_id, '', now(), 'failed', 0, count(*) FROM updraft.dag_run
            WHERE state = 'failed' AND dag_id = ANY(\(dagIDs)) GROUP BY dag_id
            ORDER BY 1, 5
            """) {
            let (dagID, runID, logicalDate, state, position, failed) = try row.decode(
                (String, String, Date, String, Int, Int).self)
            if position == 0 {
                overviews[dagID, default: DAGRunsOverview()].failedRuns = failed
            } else {
                overviews[dagID, default: DAGRunsOverview()].latestRuns.append(RunSummary(
                    runID: runID, logicalDate: logicalDate, state: try StoredValues.state(state, column: "dag_run.state")))
            }
        }
        return overviews
    }

    public func taskInstanceStates(dagID: String, runIDs: [String]) async throws -> [TaskInstanceStateRecord] {
        guard !runIDs.isEmpty else { return [] }
        return try await read("""
            SELECT r.run_id, i.task_id, i.state FROM updraft.task_instance i JOIN updraft.dag_run r ON r.id = i.run
            WHERE r.dag_id = \(dagID) AND r.run_id = ANY(\(runIDs))
            """).map { row in
            let (runID, taskID, state) = try row.decode((String, String, String).self)
            return TaskInstanceStateRecord(runID: runID, taskID: taskID,
                                           state: try StoredValues.state(state, column: "task_instance.state"))
        }
    }
}
