public import Foundation
import GRDB
public import Updraft

extension SQLiteRunStore {
    public func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date) async throws {
        try await exclusiveWrite { db in try Self.acquire(db, lease, dagID: dagID, runID: runID, now: now) }
    }

    /// The lease first: its `UPDATE` takes the database's write lock on a current snapshot, so the count that follows
    /// sees every other process's committed runs, and none can change before this transaction ends (rolled back when
    /// the DAG is full).
    public func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date,
                             maxActiveRuns: Int) async throws {
        try await exclusiveWrite { db in
            try Self.acquire(db, lease, dagID: dagID, runID: runID, now: now)
            let active = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM dag_run
                WHERE dag_id = ? AND run_id <> ?
                    AND (state = 'running' OR (state = 'queued' AND lease_owner IS NOT NULL AND lease_expires > ?))
                    AND EXISTS (SELECT 1 FROM dag_run WHERE dag_id = ? AND run_id = ? AND state = 'queued')
                """, arguments: [dagID, runID, now.timeIntervalSince1970, dagID, runID]) ?? 0
            if active >= maxActiveRuns {
                throw RunStoreError.activeRunsFull(dagID: dagID, runID: runID, limit: maxActiveRuns)
            }
        }
    }

    private static func acquire(_ db: Database, _ lease: RunLease, dagID: String, runID: String, now: Date) throws {
        try db.execute(sql: """
            UPDATE dag_run SET lease_owner = ?, lease_hostname = ?, lease_pid = ?, lease_expires = ?
            WHERE dag_id = ? AND run_id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires <= ?)
            """, arguments: [lease.ownerID, lease.hostname, lease.pid, lease.expiresAt.timeIntervalSince1970,
                             dagID, runID, lease.ownerID, now.timeIntervalSince1970])
        guard db.changesCount == 0 else { return }
        guard let owner = try Self.lease(db, dagID: dagID, runID: runID) else {
            throw RunStoreError.runNotFound(dagID: dagID, runID: runID)
        }
        throw RunStoreError.runOwned(dagID: dagID, runID: runID, owner: owner)
    }

    public func renewLease(_ lease: RunLease, dagID: String, runID: String) async throws {
        try await exclusiveWrite { db in
            try db.execute(sql: """
                UPDATE dag_run SET lease_expires = ?, lease_hostname = ?, lease_pid = ?
                WHERE dag_id = ? AND run_id = ? AND lease_owner = ?
                """, arguments: [lease.expiresAt.timeIntervalSince1970, lease.hostname, lease.pid, dagID, runID,
                                 lease.ownerID])
            if db.changesCount == 0 { throw RunStoreError.leaseLost(dagID: dagID, runID: runID) }
        }
    }

    public func releaseLease(ownerID: String, dagID: String, runID: String) async throws {
        try await exclusiveWrite { db in
            try db.execute(sql: """
                UPDATE dag_run SET lease_owner = NULL, lease_hostname = NULL, lease_pid = NULL, lease_expires = NULL
                WHERE dag_id = ? AND run_id = ? AND lease_owner = ?
                """, arguments: [dagID, runID, ownerID])
        }
    }

    public func lease(dagID: String, runID: String) async throws -> RunLease? {
        try await read { db in try Self.lease(db, dagID: dagID, runID: runID) }
    }

    /// The run's lease (nil when it has none); throws nothing for a missing run but returns nil.
    private static func lease(_ db: Database, dagID: String, runID: String) throws -> RunLease? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT lease_owner, lease_hostname, lease_pid, lease_expires FROM dag_run WHERE dag_id = ? AND run_id = ?
            """, arguments: [dagID, runID]) else { return nil }
        guard let owner: String = row["lease_owner"] else { return nil }
        return RunLease(ownerID: owner, hostname: row["lease_hostname"] ?? "?", pid: row["lease_pid"] ?? 0,
                        expiresAt: Date(timeIntervalSince1970: row["lease_expires"] ?? 0))
    }
}
