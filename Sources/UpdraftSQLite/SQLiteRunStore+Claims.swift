public import Foundation
import GRDB
import Synchronization
public import Updraft

extension SQLiteRunStore {
    /// One write transaction, the writer's next group commit: GRDB begins it `IMMEDIATE`, so it holds the database's
    /// write lock before the queued tries are read, and claimers in other processes take turns — none reads a try
    /// another is claiming.
    public func claimTries(_ claim: TryClaim, dagIDs: [String], limit: Int, now: Date) async throws -> [ClaimedTry] {
        guard !dagIDs.isEmpty, limit > 0 else { return [] }
        let claimed = Mutex<[ClaimedTry]>([])
        try await writer.commit { db in
            // Queued tries, oldest first, through their partial index: a few rows among every try ever run.
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.dag_id, r.run_id, t.run, t.task_id, t.try_number, i.max_tries
                FROM task_try t INDEXED BY task_try_queued
                    JOIN task_instance i ON i.run = t.run AND i.task_id = t.task_id AND i.try_number = t.try_number
                    JOIN dag_run r ON r.id = t.run
                WHERE t.state = 'queued' AND t.end_date IS NULL AND i.state = 'running' AND r.state = 'running'
                    AND r.dag_id IN (\(dagIDs.map { _ in "?" }.joined(separator: ", ")))
                ORDER BY t.start_date, t.run, t.task_id
                LIMIT ?
                """, arguments: StatementArguments(dagIDs) + [limit])
            let take = try db.cachedStatement(sql: """
                UPDATE task_try SET state = 'running', start_date = ?, hostname = ?, claim_owner = ?, claim_expires = ?
                WHERE run = ? AND task_id = ? AND try_number = ?
                """)
            var tries: [ClaimedTry] = []
            for row in rows {
                try take.execute(arguments: [
                    now.timeIntervalSince1970, claim.hostname, claim.ownerID, claim.expiresAt.timeIntervalSince1970,
                    row["run"], row["task_id"], row["try_number"],
                ])
                tries.append(ClaimedTry(dagID: row["dag_id"], runID: row["run_id"], taskID: row["task_id"],
                                        tryNumber: row["try_number"], maxTries: row["max_tries"]))
            }
            claimed.withLock { $0 = tries }
        }
        return claimed.withLock { $0 }
    }

    /// A claim on a try that no longer runs is dropped in the same transaction, so it is not looked at again.
    public func renewTryClaims(_ claim: TryClaim) async throws -> [ClaimedTry] {
        let renewed = Mutex<[ClaimedTry]>([])
        try await writer.commit { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT r.dag_id, r.run_id, t.run, t.task_id, t.try_number, i.max_tries,
                    t.state = 'running' AND t.end_date IS NULL AND i.try_number = t.try_number
                        AND i.state = 'running' AS running
                FROM task_try t JOIN task_instance i ON i.run = t.run AND i.task_id = t.task_id
                    JOIN dag_run r ON r.id = t.run
                WHERE t.claim_owner = ?
                ORDER BY r.run_id, t.task_id
                """), arguments: [claim.ownerID])
            let extend = try db.cachedStatement(sql: """
                UPDATE task_try SET claim_expires = ? WHERE run = ? AND task_id = ? AND try_number = ?
                """)
            let drop = try db.cachedStatement(sql: """
                UPDATE task_try SET claim_owner = NULL WHERE run = ? AND task_id = ? AND try_number = ?
                """)
            var tries: [ClaimedTry] = []
            for row in rows {
                guard row["running"] as Bool else {
                    try drop.execute(arguments: [row["run"], row["task_id"], row["try_number"]])
                    continue
                }
                try extend.execute(arguments: [
                    claim.expiresAt.timeIntervalSince1970, row["run"], row["task_id"], row["try_number"],
                ])
                tries.append(ClaimedTry(dagID: row["dag_id"], runID: row["run_id"], taskID: row["task_id"],
                                        tryNumber: row["try_number"], maxTries: row["max_tries"]))
            }
            renewed.withLock { $0 = tries }
        }
        return renewed.withLock { $0 }
    }

    /// Committed before it returns, then signalled: the run's owner, possibly in another process, collects the end.
    /// A lost claim is found inside the transaction but thrown after it, since a write's error would fail the
    /// writer's transaction for every write it carries.
    public func endClaimedTry(_ attempt: TryRecord, taskID: String, dagID: String, runID: String, ownerID: String)
        async throws {
        let ended = Mutex(false)
        try await writer.commit { db in
            try db.cachedStatement(sql: """
                UPDATE task_try SET state = ?, end_date = ?, error = ?, hostname = ?, claim_owner = NULL
                WHERE run = (SELECT id FROM dag_run WHERE dag_id = ? AND run_id = ?) AND task_id = ? AND try_number = ?
                    AND claim_owner = ? AND state = 'running' AND end_date IS NULL
                    AND EXISTS (
                        SELECT 1 FROM task_instance i
                        WHERE i.run = task_try.run AND i.task_id = task_try.task_id
                            AND i.try_number = task_try.try_number AND i.state = 'running')
                """).execute(arguments: [
                    attempt.state.rawValue, SQLiteValues.seconds(attempt.endDate), attempt.error, attempt.hostname,
                    dagID, runID, taskID, attempt.tryNumber, ownerID,
                ])
            let changed = db.changesCount > 0
            ended.withLock { $0 = changed }
        }
        guard ended.withLock({ $0 }) else {
            throw RunStoreError.tryClaimLost(dagID: dagID, runID: runID, taskID: taskID, tryNumber: attempt.tryNumber)
        }
        slotChanges.signal()
    }

    /// One write transaction, after the owner's queued writes: a lapsed claim is taken over while no claimer can end
    /// its try, and the ends read are current.
    public func collectClaimedTries(dagID: String, runID: String, takeOver claim: TryClaim, now: Date) async throws
        -> ClaimedTryCollection {
        guard let run = try? await runKey(dagID: dagID, runID: runID) else { return ClaimedTryCollection() }
        let collected = Mutex(ClaimedTryCollection())
        try await writer.commit { db in
            // The run's running task instances with their current try, through the index by state: a few rows,
            // where a plan through the run's key would read every task instance of a large run.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT i.task_id, i.try_number, t.state, t.start_date, t.end_date, t.error, t.hostname, t.claim_owner,
                    t.claim_expires
                FROM task_instance i INDEXED BY task_instance_by_state
                    JOIN task_try t ON t.run = i.run AND t.task_id = i.task_id AND t.try_number = i.try_number
                WHERE i.state = 'running' AND i.run = ?
                ORDER BY i.task_id
                """), arguments: [run])
            let take = try db.cachedStatement(sql: """
                UPDATE task_try SET claim_owner = ?, claim_expires = ? WHERE run = ? AND task_id = ? AND try_number = ?
                """)
            var ended: [ClaimedTryEnd] = []
            var takenOver: Set<String> = []
            var outstanding: [String] = []
            for row in rows {
                let taskID: String = row["task_id"]
                let owner: String? = row["claim_owner"]
                if let end = row["end_date"] as Double? {
                    ended.append(ClaimedTryEnd(taskID: taskID, attempt: TryRecord(
                        tryNumber: row["try_number"], startDate: Date(timeIntervalSince1970: row["start_date"]),
                        endDate: Date(timeIntervalSince1970: end),
                        state: try StoredValues.state(row["state"], column: "task_try.state"), error: row["error"],
                        hostname: row["hostname"])))
                } else if row["state"] == TaskInstanceState.queued.rawValue {
                    outstanding.append(taskID)
                } else if row["state"] == TaskInstanceState.running.rawValue, let owner, owner != claim.ownerID {
                    let expires: Double? = row["claim_expires"]
                    if let expires, expires > now.timeIntervalSince1970 {
                        outstanding.append(taskID)
                    } else {
                        try take.execute(arguments: [
                            claim.ownerID, claim.expiresAt.timeIntervalSince1970, run, taskID, row["try_number"],
                        ])
                        takenOver.insert(taskID)
                    }
                }
            }
            // The taken over in full, as `taskInstances` returns them (their tries' external handles included).
            let named = takenOver.sorted()
            let records = named.isEmpty ? [] : try Self.instances(
                db, where: "i.run = ? AND i.task_id IN (\(named.map { _ in "?" }.joined(separator: ", ")))",
                arguments: [run] + StatementArguments(named)).map(\.record)
            collected.withLock {
                $0 = ClaimedTryCollection(ended: ended, takenOver: records, outstanding: outstanding)
            }
        }
        return collected.withLock { $0 }
    }
}
