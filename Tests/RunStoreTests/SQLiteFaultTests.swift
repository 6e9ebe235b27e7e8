import Foundation
import GRDB
import Testing
import Updraft
@testable import UpdraftSQLite

/// What only a file-backed store meets: reopening, files that are not ours or are newer, a full disk.
@Suite struct SQLiteFaultTests {
    private func databasePath() -> String { TemporaryFolder.make().appending(path: "nested/updraft.db").path }

    @Test func whatWasCommittedIsThereAfterReopening() async throws {
        let path = databasePath()
        do {
            let store = try SQLiteRunStore(path: path)
            try await store.createRun(Fixtures.run("r"))
            try await store.saveTaskInstances([Fixtures.instance("a", state: .success, tries: 2)], dagID: "etl",
                                              runID: "r")
            try await store.setXCom("out", key: "return_value", taskID: "a", dagID: "etl", runID: "r")
            try await store.sync()
        }
        let reopened = try SQLiteRunStore(path: path)
        #expect(try await reopened.run(dagID: "etl", runID: "r") == Fixtures.run("r"))
        #expect(try await reopened.taskInstances(dagID: "etl", runID: "r")
                == [Fixtures.instance("a", state: .success, tries: 2)])
        #expect(try await reopened.xcom(key: "return_value", taskID: "a", dagID: "etl", runID: "r") == "out")
        #expect(try await reopened.schemaStatus().pending.isEmpty)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws {
        let path = databasePath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteRunStore(path: path)
        } throws: { error in
            guard case RunStoreError.storage(let location, let message)? = error as? RunStoreError else { return false }
            return location == path && message.contains("not an Updraft database or is corrupted")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aDatabaseFromANewerUpdraftIsRefusedAndLeftUntouched() async throws {
        let path = databasePath()
        do {
            let store = try SQLiteRunStore(path: path)
            try await store.createRun(Fixtures.run("r"))
            try await store.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
            }
            try await store.sync()
        }
        #expect {
            _ = try SQLiteRunStore(path: path)
        } throws: { error in
            "\(error)".contains("written by a newer Updraft") && "\(error)".contains("v9-from-the-future")
        }
        // Nothing was migrated, deleted or rewritten.
        var readOnly = Configuration()
        readOnly.readonly = true
        let raw = try DatabaseQueue(path: path, configuration: readOnly)
        let (migrations, runs) = try await raw.read { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
             try String.fetchAll(db, sql: "SELECT run_id FROM dag_run"))
        }
        #expect(migrations == ["v1-runs", "v2-task-pools", "v3-try-claims", "v9-from-the-future"])
        #expect(runs == ["r"])
    }

    /// A database of the first schema, holding a run, as the first release left it.
    @Test func anOlderDatabaseIsUpgradedOnlyWhenAllowedAndKeepsItsRuns() async throws {
        let path = databasePath()
        do {
            let store = try SQLiteRunStore(path: path)
            try await store.createRun(Fixtures.run("r"))
            try await store.saveTaskInstances([Fixtures.instance("load", state: .success, tries: 1)], dagID: "etl",
                                              runID: "r")
            try await store.sync()
            try await store.pool.write { db in
                try db.execute(sql: """
                    DELETE FROM grdb_migrations WHERE identifier IN ('v2-task-pools', 'v3-try-claims')
                    """)
                try db.execute(sql: "DROP INDEX task_try_queued")
                try db.execute(sql: "DROP INDEX task_try_by_claim_owner")
                try db.execute(sql: "ALTER TABLE task_try DROP COLUMN claim_owner")
                try db.execute(sql: "ALTER TABLE task_try DROP COLUMN claim_expires")
                try db.execute(sql: "ALTER TABLE task_instance DROP COLUMN pool")
                try db.execute(sql: "ALTER TABLE task_instance DROP COLUMN pool_slots")
                try db.execute(sql: "DROP TABLE slot_wait")
            }
        }
        #expect {
            _ = try SQLiteRunStore(path: path, upgrade: false)
        } throws: { error in "\(error)".contains("needs an upgrade (pending: v2-task-pools, v3-try-claims)") }
        let upgraded = try SQLiteRunStore(path: path)
        let status = try await upgraded.schemaStatus()
        #expect(status.applied == ["v1-runs", "v2-task-pools", "v3-try-claims"] && status.pending.isEmpty
            && status.unknown.isEmpty)
        let kept = try await upgraded.taskInstances(dagID: "etl", runID: "r")
        #expect(kept.map(\.taskID) == ["load"])
        #expect(kept.first?.pool == Pools.defaultPoolName && kept.first?.poolSlots == 1)
    }

    @Test func aFullDiskFailsWritesWithATypedErrorAndKeepsWhatWasCommitted() async throws {
        let path = databasePath()
        let store = try SQLiteRunStore(path: path)
        try await store.createRun(Fixtures.run("r"))
        try await store.saveTaskInstances([Fixtures.instance("kept", state: .success, tries: 1)], dagID: "etl",
                                          runID: "r")
        try await store.sync()
        // SQLite's own limit on the database size: past it, writes fail exactly as on a full disk (SQLITE_FULL).
        let pages = try await store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try await store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let many = (0..<2000).map { Fixtures.instance("task-\($0)-" + String(repeating: "x", count: 100)) }
        try await store.saveTaskInstances(many, dagID: "etl", runID: "r")  // queued: the failure shows at the commit
        await #expect {
            try await store.sync()
        } throws: { error in "\(error)".contains("the disk or database is full") }
        // Sticky: nothing more is written by this store, whose queued writes were lost.
        await #expect(throws: RunStoreError.self) {
            try await store.saveTaskInstances([Fixtures.instance("later")], dagID: "etl", runID: "r")
        }
        let reopened = try SQLiteRunStore(path: path)
        #expect(try await reopened.taskInstances(dagID: "etl", runID: "r").map(\.taskID) == ["kept"])
    }
}
