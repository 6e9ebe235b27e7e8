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
        guard let owner = try await self.lease(dagID: dagID, runID: runID) else {
            if try await run(dagID: dagID, runID: runID) == nil {
                throw RunStoreError.runNotFound(dagID: dagID, runID: runID)
            }
            // Released between the two statements: try again.
            return try await acquireLease(lease, dagID: dagID, runID: runID, now: now)
        }
        throw RunStoreError.runOwned(dagID: dagID, runID: runID, owner: owner)
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
