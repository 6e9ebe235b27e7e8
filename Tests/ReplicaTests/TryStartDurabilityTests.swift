import Foundation
import Logging
import PostgresNIO
import PostgresTestSupport
import Synchronization
import Testing
import Updraft
import UpdraftPostgres

/// The write-ahead rule on PostgreSQL: when `saveTaskInstances` returns for a try's start, the start is committed —
/// the engine runs the task's operator next, and a replica killed meanwhile must leave the try for the one taking
/// the run over (ReplicaTests' chaos test found bodies run twice under one recorded try before this held).
@Suite struct TryStartDurabilityTests {
    @Test func aTryStartIsCommittedWhenSaveTaskInstancesReturns() async throws {
        let database = try await ReplicaDatabase.create()
        let store = try await PostgresRunStore(url: database.url)
        let reader = try await PostgresRunStore(url: database.url)
        let now = Date()
        try await store.createRun(DAGRunRecord(dagID: "wide", runID: "r", logicalDate: now, state: .running))
        let start = TaskInstanceRecord(taskID: "t", state: .running, tryNumber: 1, maxTries: 1, startDate: now,
                                       tries: [TryRecord(tryNumber: 1, startDate: now, state: .running)])
        let released = ReleaseFlag()
        let logger = Logger(label: "updraft.tests.write-ahead")
        // Holds a lock that blocks every write to task instances (not reads) until the store's commit waits on it.
        try await database.server.withAdminConnection(database: database.name) { admin in
            _ = try await admin.query("BEGIN", logger: logger).collect()
            _ = try await admin.query("LOCK TABLE updraft.task_instance IN EXCLUSIVE MODE", logger: logger).collect()
            let saved = Task {
                try await store.saveTaskInstances([start], dagID: "wide", runID: "r")
                return released.isSet
            }
            // The store's statement waiting for the lock (no event reaches this connection: a bounded poll).
            let deadline = ContinuousClock.now + .seconds(30)
            while try await admin.query("""
                SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'updraft.task_instance'::regclass
                """, logger: logger).collect().first?.decode(Int64.self) == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            released.set()
            _ = try await admin.query("COMMIT", logger: logger).collect()
            #expect(try await saved.value, "saveTaskInstances returned before the try's start was committed")
        }
        #expect(try await reader.taskInstances(dagID: "wide", runID: "r").map(\.state) == [.running])
        await store.close()
        await reader.close()
    }
}

/// Whether the test released its lock yet, shared with the task saving the try's start.
private final class ReleaseFlag: Sendable {
    private let state = Mutex(false)
    var isSet: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}
