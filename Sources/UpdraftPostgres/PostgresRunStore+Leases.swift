public import Foundation
import PostgresNIO
public import Updraft

extension PostgresRunStore {
    /// One statement: the row lock makes concurrent acquirers wait, and each re-checks the condition on the row the
    /// previous one committed, so exactly one owner wins. Expiry is judged by the caller's `now`, not the server's
    /// clock.
    public func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date) async throws {
        let taken = try await exclusiveWrite("""
            UPDATE updraft.dag_run SET lease_owner = \(lease.ownerID), lease_hostname = \(lease.hostname),
                lease_pid = \(lease.pid), lease_expires = \(lease.expiresAt)
            WHERE dag_id = \(dagID) AND run_id = \(runID)
                AND (lease_owner IS NULL OR lease_owner = \(lease.ownerID) OR lease_expires <= \(now))
            RETURNING id
            """, idempotent: true)
        guard taken.isEmpty else { return }
        try await refused(lease, dagID: dagID, runID: runID, now: now, maxActiveRuns: nil)
    }

    /// The row lock alone is not enough here: two replicas taking two different queued runs lock different rows, and
    /// each would count the other's run as not yet taken. A transaction-scoped advisory lock per DAG makes them take
    /// turns, and the statement's snapshot, taken once the lock is held, sees the previous taker's lease.
    public func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date,
                             maxActiveRuns: Int) async throws {
        if writer.hasOutstandingWrites { await writer.settle() }
        let taken = try await pool.transaction(locking: ["updraft.active_runs." + dagID]) { connection in
            try await !connection.query("""
            UPDATE updraft.dag_run AS this SET lease_owner = \(lease.ownerID), lease_hostname = \(lease.hostname),
                lease_pid = \(lease.pid), lease_expires = \(lease.expiresAt)
            WHERE dag_id = \(dagID) AND run_id = \(runID)
                AND (lease_owner IS NULL OR lease_owner = \(lease.ownerID) OR lease_expires <= \(now))
                AND (this.state <> 'queued' OR (
                    SELECT count(*) FROM updraft.dag_run AS other
                    WHERE other.dag_id = \(dagID) AND other.run_id <> \(runID)
                        AND (other.state = 'running' OR (other.state = 'queued' AND other.lease_expires > \(now)))
                    ) < \(maxActiveRuns))
            RETURNING id
            """, logger: pool.logger).collect().isEmpty
        }
        guard !taken else { return }
        try await refused(lease, dagID: dagID, runID: runID, now: now, maxActiveRuns: maxActiveRuns)
    }

    /// Why an acquisition changed nothing, as the error it throws: the run is missing, owned, or (with a limit) its
    /// DAG is full; a lease released between the two statements is tried again.
    private func refused(_ lease: RunLease, dagID: String, runID: String, now: Date, maxActiveRuns: Int?) async throws {
        guard let run = try await run(dagID: dagID, runID: runID) else {
            throw RunStoreError.runNotFound(dagID: dagID, runID: runID)
        }
        if let owner = try await self.lease(dagID: dagID, runID: runID), owner.ownerID != lease.ownerID,
           owner.expiresAt > now {
            throw RunStoreError.runOwned(dagID: dagID, runID: runID, owner: owner)
        }
        guard let maxActiveRuns else { return try await acquireLease(lease, dagID: dagID, runID: runID, now: now) }
        if run.state == .queued {
            throw RunStoreError.activeRunsFull(dagID: dagID, runID: runID, limit: maxActiveRuns)
        }
        try await acquireLease(lease, dagID: dagID, runID: runID, now: now, maxActiveRuns: maxActiveRuns)
    }

    public func renewLease(_ lease: RunLease, dagID: String, runID: String) async throws {
        let renewed = try await exclusiveWrite("""
            UPDATE updraft.dag_run SET lease_expires = \(lease.expiresAt), lease_hostname = \(lease.hostname),
                lease_pid = \(lease.pid)
            WHERE dag_id = \(dagID) AND run_id = \(runID) AND lease_owner = \(lease.ownerID)
            RETURNING id
            """, idempotent: true)
        if renewed.isEmpty { throw RunStoreError.leaseLost(dagID: dagID, runID: runID) }
    }

    public func releaseLease(ownerID: String, dagID: String, runID: String) async throws {
        _ = try await exclusiveWrite("""
            UPDATE updraft.dag_run SET lease_owner = NULL, lease_hostname = NULL, lease_pid = NULL, lease_expires = NULL
            WHERE dag_id = \(dagID) AND run_id = \(runID) AND lease_owner = \(ownerID)
            """, idempotent: true)
    }

    public func lease(dagID: String, runID: String) async throws -> RunLease? {
        guard let row = try await read("""
            SELECT lease_owner, lease_hostname, lease_pid, lease_expires FROM updraft.dag_run
            WHERE dag_id = \(dagID) AND run_id = \(runID) AND lease_owner IS NOT NULL
            """).first else { return nil }
        let (owner, hostname, pid, expires) = try row.decode((String, String?, Int32?, Date?).self)
        return RunLease(ownerID: owner, hostname: hostname ?? "?", pid: pid ?? 0,
                        expiresAt: expires ?? Date(timeIntervalSince1970: 0))
    }
}
