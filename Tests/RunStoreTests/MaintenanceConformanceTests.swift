import Foundation
import Testing
import Updraft
import UpdraftTesting

/// Clear and mark, written through every store, and refused while a live owner runs the run.
@Suite struct MaintenanceConformanceTests {
    private func failedRun(_ store: any RunStore) async throws {
        try await store.createRun(Fixtures.run("r", state: .failed))
        try await store.saveTaskInstances([
            Fixtures.instance("extract", state: .success, tries: 1),
            Fixtures.instance("load", state: .failed, tries: 2),
            Fixtures.instance("report", state: .upstreamFailed),
        ], dagID: "etl", runID: "r")
    }

    @Test(arguments: StoreKind.allCases)
    func clearingQueuesTheRunAndGivesTasksTheirRetriesAgain(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await failedRun(store)
        let maintenance = RunMaintenance(store: store, clock: ManualClock(now: Fixtures.day))
        let cleared = try await maintenance.clear(dagID: "etl", runID: "r", taskIDs: ["extract", "load", "report"],
                                                  failedOnly: true, retriesByTask: ["load": 1, "report": 0])
        #expect(Set(cleared) == ["load", "report"])
        let byID = Dictionary(uniqueKeysWithValues: try await store.taskInstances(dagID: "etl", runID: "r")
            .map { ($0.taskID, $0) })
        #expect(byID["extract"]?.state == .success)
        #expect(byID["load"]?.state == .pending)
        #expect(byID["load"]?.tries.count == 2)  // the tries stay, for the record
        #expect(byID["load"]?.maxTries == 4)  // two tries done, then 1 + its retry
        #expect(byID["report"]?.state == .pending)
        #expect(try await store.run(dagID: "etl", runID: "r")?.state == .queued)
    }

    @Test(arguments: StoreKind.allCases)
    func markingARunSettlesItsUnfinishedTasks(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("r", state: .queued))
        try await store.saveTaskInstances([
            Fixtures.instance("a", state: .success, tries: 1), Fixtures.instance("b", state: .running, tries: 1),
            Fixtures.instance("c"),
        ], dagID: "etl", runID: "r")
        let maintenance = RunMaintenance(store: store, clock: ManualClock(now: Fixtures.day))
        try await maintenance.mark(dagID: "etl", runID: "r", as: .failed)
        #expect(try await store.taskInstances(dagID: "etl", runID: "r").map(\.state) == [.success, .failed, .skipped])
        #expect(try await store.run(dagID: "etl", runID: "r")?.state == .failed)
        try await maintenance.mark(dagID: "etl", runID: "r", taskIDs: ["b", "c"], as: .success)
        #expect(try await store.taskInstances(dagID: "etl", runID: "r").map(\.state) == [.success, .success, .success])
    }

    @Test(arguments: StoreKind.allCases)
    func aRunItsOwnerIsExecutingIsRefusedWithTheOwnersName(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await failedRun(store)
        let owner = Fixtures.lease("worker", expiresIn: 30)
        try await store.acquireLease(owner, dagID: "etl", runID: "r", now: Fixtures.day)
        let maintenance = RunMaintenance(store: store, clock: ManualClock(now: Fixtures.day))
        await #expect(throws: RunStoreError.runOwned(dagID: "etl", runID: "r", owner: owner)) {
            try await maintenance.clear(dagID: "etl", runID: "r", taskIDs: ["load"])
        }
        // Once the lease has run out (the owner died), the run is the user's again.
        let later = RunMaintenance(store: store, clock: ManualClock(now: Fixtures.day.addingTimeInterval(31)))
        #expect(try await later.clear(dagID: "etl", runID: "r", taskIDs: ["load"]) == ["load"])
        await #expect(throws: RunStoreError.runNotFound(dagID: "etl", runID: "missing")) {
            try await later.mark(dagID: "etl", runID: "missing", as: .success)
        }
    }
}
