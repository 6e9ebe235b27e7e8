public import Foundation
import PostgresNIO
public import Updraft

extension PostgresRunStore {
    /// One statement: the queued tries are picked oldest first and locked with `FOR UPDATE SKIP LOCKED`, so replicas
    /// claiming at the same moment each take different tries and never wait for one another; a try another claimer
    /// committed meanwhile is re-checked once locked and left out. The picked tries become running under the claim in
    /// the same statement. Not run again after a broken connection: a second run would claim further tries while the
    /// caller never learns of the first ones.
    public func claimTries(_ claim: TryClaim, dagIDs: [String], limit: Int, now: Date) async throws -> [ClaimedTry] {
        guard limit > 0, !dagIDs.isEmpty else { return [] }
        let rows = try await exclusiveWrite("""
            WITH picked AS (
                SELECT t.run, t.task_id, t.try_number, t.start_date AS queued_at, r.dag_id, r.run_id, i.max_tries
                FROM updraft.task_try t
                    JOIN updraft.task_instance i
                        ON i.run = t.run AND i.task_id = t.task_id AND i.try_number = t.try_number
                    JOIN updraft.dag_run r ON r.id = t.run
                WHERE t.state = 'queued' AND t.end_date IS NULL AND i.state = 'running' AND r.state = 'running'
                    AND r.dag_id = ANY(\(dagIDs))
                ORDER BY t.start_date, t.run, t.task_id
                LIMIT \(limit)
                FOR UPDATE OF t SKIP LOCKED
            ), claimed AS (
                UPDATE updraft.task_try AS t SET state = 'running', start_date = \(now), hostname = \(claim.hostname),
                    claim_owner = \(claim.ownerID), claim_expires = \(claim.expiresAt)
                FROM picked p
                WHERE t.run = p.run AND t.task_id = p.task_id AND t.try_number = p.try_number
                RETURNING p.dag_id, p.run_id, p.task_id, p.try_number, p.max_tries, p.queued_at, p.run
            )
            SELECT dag_id, run_id, task_id, try_number, max_tries FROM claimed ORDER BY queued_at, run, task_id
            """, idempotent: false)
        return try Self.claimedTries(rows)
    }

    /// One statement: the claims on running tries are extended; the owner's other claims — on tries that ended or
    /// were taken over — are dropped, which keeps the index of claims small. A try whose run's owner took it over
    /// concurrently is re-checked once its row lock is released and left out of both. Safe to run again.
    public func renewTryClaims(_ claim: TryClaim) async throws -> [ClaimedTry] {
        let rows = try await exclusiveWrite("""
            WITH held AS (
                UPDATE updraft.task_try AS t SET claim_expires = \(claim.expiresAt)
                FROM updraft.task_instance i JOIN updraft.dag_run r ON r.id = i.run
                WHERE t.claim_owner = \(claim.ownerID) AND t.state = 'running' AND t.end_date IS NULL
                    AND i.run = t.run AND i.task_id = t.task_id AND i.try_number = t.try_number
                    AND i.state = 'running'
                RETURNING r.dag_id, r.run_id, t.task_id, t.try_number, i.max_tries, t.run
            ), dropped AS (
                UPDATE updraft.task_try AS t SET claim_owner = NULL, claim_expires = NULL
                WHERE t.claim_owner = \(claim.ownerID) AND NOT EXISTS (
                    SELECT 1 FROM held h WHERE h.run = t.run AND h.task_id = t.task_id AND h.try_number = t.try_number)
            )
            SELECT dag_id, run_id, task_id, try_number, max_tries FROM held ORDER BY run_id, task_id, dag_id
            """, idempotent: true)
        return try Self.claimedTries(rows)
    }

    /// One statement, durable on return: the try's row is written only while `ownerID` holds its claim and it runs,
    /// and the run's notification of a claimed try's end is sent only when it was (`pg_notify` per changed row, sent
    /// on commit): the run's owner, in whichever replica, collects the end. Not run again after a broken connection: the claim it cleared
    /// would make a second run report the claim lost.
    public func endClaimedTry(_ attempt: TryRecord, taskID: String, dagID: String, runID: String, ownerID: String)
        async throws {
        let handle = try attempt.externalHandle.map { try StoredValues.json($0) }
        let ended = try await exclusiveWrite("""
            WITH ended AS (
                UPDATE updraft.task_try AS t SET state = \(attempt.state.rawValue), start_date = \(attempt.startDate),
                    end_date = \(attempt.endDate), error = \(attempt.error), hostname = \(attempt.hostname),
                    external_handle = coalesce(\(handle)::json, t.external_handle), claim_owner = NULL,
                    claim_expires = NULL
                FROM updraft.dag_run r JOIN updraft.task_instance i ON i.run = r.id
                WHERE r.dag_id = \(dagID) AND r.run_id = \(runID) AND i.task_id = \(taskID) AND i.state = 'running'
                    AND t.run = i.run AND t.task_id = i.task_id AND t.try_number = i.try_number
                    AND t.try_number = \(attempt.tryNumber) AND t.claim_owner = \(ownerID) AND t.state = 'running'
                    AND t.end_date IS NULL
                RETURNING t.try_number, r.dag_id, r.run_id
            )
            SELECT \(unescaped: PostgresChangeSignal.claimedTryEndNotification) FROM ended r
            """, idempotent: false)
        if ended.isEmpty {
            throw RunStoreError.tryClaimLost(dagID: dagID, runID: runID, taskID: taskID, tryNumber: attempt.tryNumber)
        }
    }

    /// One statement classifies the run's running task instances by their current try and takes over lapsed claims
    /// (a claimer renewing at the same moment either wins the row lock, and the try stays out, or finds the claim
    /// gone) and returns the ended tries; a second reads the records of the taken-over ones, when there are any. Not run again after
    /// a broken connection: the tries it took over would no longer be reported.
    public func collectClaimedTries(dagID: String, runID: String, takeOver claim: TryClaim, now: Date) async throws
        -> ClaimedTryCollection {
        // `current` is read once, before the takeover: a try whose claim the takeover lost to a renewal stays out.
        let rows = try await exclusiveWrite("""
            WITH current AS (
                SELECT t.run, t.task_id, t.try_number, t.state, t.start_date, t.end_date, t.error, t.hostname,
                    t.claim_owner
                FROM updraft.dag_run r JOIN updraft.task_instance i ON i.run = r.id
                    JOIN updraft.task_try t ON t.run = i.run AND t.task_id = i.task_id AND t.try_number = i.try_number
                WHERE r.dag_id = \(dagID) AND r.run_id = \(runID) AND i.state = 'running'
            ), taken AS (
                UPDATE updraft.task_try AS t SET claim_owner = \(claim.ownerID), claim_expires = \(claim.expiresAt)
                FROM current c
                WHERE t.run = c.run AND t.task_id = c.task_id AND t.try_number = c.try_number
                    AND t.state = 'running' AND t.end_date IS NULL AND t.claim_owner <> \(claim.ownerID)
                    AND t.claim_expires <= \(now)
                RETURNING t.task_id
            )
            SELECT c.task_id, c.task_id IN (SELECT task_id FROM taken), c.try_number, c.state, c.start_date,
                c.end_date, c.error, c.hostname
            FROM current c
            WHERE c.end_date IS NOT NULL OR c.state = 'queued' OR c.claim_owner <> \(claim.ownerID)
            ORDER BY c.task_id
            """, idempotent: false)
        var collection = ClaimedTryCollection()
        var takenOver: [String] = []
        for row in rows {
            let (taskID, isTakenOver, tryNumber, state, start, end, error, hostname) = try row.decode(
                (String, Bool, Int, String, Date, Date?, String?, String?).self)
            if let end {
                collection.ended.append(ClaimedTryEnd(taskID: taskID, attempt: TryRecord(
                    tryNumber: tryNumber, startDate: start, endDate: end,
                    state: try StoredValues.state(state, column: "task_try.state"), error: error,
                    hostname: hostname)))
            } else if isTakenOver {
                takenOver.append(taskID)
            } else {
                collection.outstanding.append(taskID)
            }
        }
        // Only the taken over need their records in full (their tries' external handles): a rare second read.
        guard !takenOver.isEmpty else { return collection }
        var sql = PostgresSQL("")
        let filter = """
            r.dag_id = \(sql.bind(dagID)) AND r.run_id = \(sql.bind(runID)) AND i.task_id = ANY(\(sql.bind(takenOver)))
            """
        collection.takenOver = try await instances(sql, where: filter).map(\.record)
        return collection
    }

    /// The claimed tries the rows name: dag_id, run_id, task_id, try_number, max_tries.
    private static func claimedTries(_ rows: [PostgresRow]) throws -> [ClaimedTry] {
        try rows.map { row in
            let (dagID, runID, taskID, tryNumber, maxTries) = try row.decode((String, String, String, Int, Int).self)
            return ClaimedTry(dagID: dagID, runID: runID, taskID: taskID, tryNumber: tryNumber, maxTries: maxTries)
        }
    }
}
