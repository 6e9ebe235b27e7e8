import Foundation
import Testing
import Updraft

/// A try's start is durable once saved: a process killed while the try's operator runs leaves the try in the store,
/// for the process that resumes the run to see.
@Suite struct DurableTryStartConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func aTrysStartIsSeenByAnotherInstanceOnceSaved(kind: StoreKind) async throws {
        let (store, other) = try await kind.makeStorePair()
        try await store.createRun(Fixtures.run("r"))
        // A large queued batch first, so that a store that only queues the start would still be writing when read.
        let pending = (0..<5_000).map { Fixtures.instance("task-\($0)") }
        try await store.saveTaskInstances(pending, dagID: "etl", runID: "r")
        let started = Fixtures.instance("task-0", state: .running, tries: 1)
        #expect(started.startsTry)
        try await store.saveTaskInstances([started], dagID: "etl", runID: "r")
        // Read at once by another instance on the same database, as the process taking the run over would.
        let stored = try await other.taskInstances(dagID: "etl", runID: "r")
        #expect(stored.first { $0.taskID == "task-0" } == started)
        #expect(stored.count == pending.count)
    }

    @Test func onlyARunningTryThatHasNotEndedStartsATry() {
        #expect(Fixtures.instance("a", state: .running, tries: 2).startsTry)
        #expect(!Fixtures.instance("a", state: .running, tries: 0).startsTry)
        #expect(!Fixtures.instance("a", state: .success, tries: 1).startsTry)
        #expect(!Fixtures.instance("a", state: .queued, tries: 1).startsTry)
        var ended = Fixtures.instance("a", state: .running, tries: 1)
        ended.tries[0].endDate = Fixtures.day
        #expect(!ended.startsTry)
    }
}
