import Foundation
import Testing
import Updraft
import UpdraftSQLite

/// DAG records (paused flags survive re-registration) and change signals (a scheduler waits on them).
@Suite struct DAGConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func registeringKeepsAPausedFlagTheStoreKnows(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        var record = DAGRecord(dagID: "etl", isPaused: true, description: "nightly", schedule: "0 2 * * *",
                               timetable: "CronTriggerTimetable", timeZone: "Europe/Berlin", tags: ["talend"],
                               owners: ["data"], maxActiveRuns: 2, maxActiveTasks: 8,
                               nextLogicalDate: Fixtures.day, nextRunAfter: Fixtures.day, lastSeenAt: Fixtures.day)
        #expect(try await store.registerDAG(record) == record)
        try await store.setPaused(false, dagID: "etl")
        record.isPaused = true
        record.description = "nightly, v2"
        record.nextLogicalDate = Fixtures.day.addingTimeInterval(86_400)
        let stored = try await store.registerDAG(record)
        #expect(stored.isPaused == false)
        #expect(stored.description == "nightly, v2")
        #expect(try await store.dag(dagID: "etl") == stored)
        _ = try await store.registerDAG(DAGRecord(dagID: "another"))
        #expect(try await store.dags().map(\.dagID) == ["another", "etl"])
        #expect(try await store.dag(dagID: "missing") == nil)
        await #expect(throws: RunStoreError.dagNotFound(dagID: "missing")) {
            try await store.setPaused(true, dagID: "missing")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aChangeWakesAReaderOnceItIsMade(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.registerDAG(DAGRecord(dagID: "etl"))
        let signals = store.changeSignals()
        try await store.createRun(Fixtures.run("triggered"))
        try await Deadline.nextSignal(signals)
        try await store.setPaused(true, dagID: "etl")
        try await Deadline.nextSignal(signals)
    }

    @Test func anotherProcessesChangeWakesAReaderOfTheSameFile() async throws {
        let path = TemporaryFolder.make().appending(path: "shared.db").path
        let scheduler = try SQLiteRunStore(path: path)
        let trigger = try SQLiteRunStore(path: path)
        let signals = scheduler.changeSignals()
        try await trigger.createRun(Fixtures.run("from-the-cli"))
        try await Deadline.nextSignal(signals)
        #expect(try await scheduler.runs(matching: RunQuery(states: [.queued])).map(\.runID) == ["from-the-cli"])
    }
}
