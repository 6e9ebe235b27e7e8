public import Foundation
import GRDB
public import Updraft

extension SQLiteRunStore {
    public func acquireLease(_ lease: RunLease, dagID: String, runID: String, now: Date) async throws {
        try await exclusiveWrite { db in
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
