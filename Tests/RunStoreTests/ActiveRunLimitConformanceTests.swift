import Foundation
import Testing
import Updraft

/// `maxActiveRuns` held by the store when a queued run's lease is taken: counted atomically with the acquisition, so
/// schedulers sharing the database that start queued runs at the same moment never exceed it between them.
@Suite struct ActiveRunLimitConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func aQueuedRunStaysQueuedWhileItsDAGIsFull(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("running", state: .running))
        try await store.createRun(Fixtures.run("leased", at: 60))
        try await store.createRun(Fixtures.run("waiting", at: 120))
        try await store.createRun(Fixtures.run("finished", at: -60, state: .success))
        try await store.createRun(Fixtures.run("elsewhere", dag: "other", state: .running))
        try await store.acquireLease(Fixtures.lease("a", expiresIn: 30), dagID: "etl", runID: "leased",
                                     now: Fixtures.day, maxActiveRuns: 2)
        // One running and one queued under a live lease: full at 2, whatever other DAGs and finished runs hold.
        await #expect(throws: RunStoreError.activeRunsFull(dagID: "etl", runID: "waiting", limit: 2)) {
            try await store.acquireLease(Fixtures.lease("b", expiresIn: 30), dagID: "etl", runID: "waiting",
                                         now: Fixtures.day, maxActiveRuns: 2)
        }
        #expect(try await store.lease(dagID: "etl", runID: "waiting") == nil, "a refusal leaves no lease")
        try await store.acquireLease(Fixtures.lease("b", expiresIn: 30), dagID: "etl", runID: "waiting",
                                     now: Fixtures.day, maxActiveRuns: 3)
        // A queued run whose lease lapsed no longer counts; a running run always does, and is never refused itself.
        try await store.releaseLease(ownerID: "b", dagID: "etl", runID: "waiting")
        try await store.acquireLease(Fixtures.lease("c", expiresIn: 30), dagID: "etl", runID: "waiting",
                                     now: Fixtures.day.addingTimeInterval(31), maxActiveRuns: 2)
        try await store.acquireLease(Fixtures.lease("d", expiresIn: 30), dagID: "etl", runID: "running",
                                     now: Fixtures.day, maxActiveRuns: 1)
        await #expect(throws: RunStoreError.runNotFound(dagID: "etl", runID: "nope")) {
            try await store.acquireLease(Fixtures.lease("e", expiresIn: 30), dagID: "etl", runID: "nope",
                                         now: Fixtures.day, maxActiveRuns: 2)
        }
    }

    /// Two store instances on one database (two replicas): 20 queued runs taken at once by 20 owners, half through
    /// each instance. With PostgreSQL the two instances' connections really race.
    @Test(arguments: StoreKind.allCases)
    func ownersRacingForQueuedRunsNeverExceedTheLimit(kind: StoreKind) async throws {
        let (first, second) = try await kind.makeStorePair()
        for number in 0..<20 { try await first.createRun(Fixtures.run("r\(number)", at: Double(number) * 60)) }
        let started = await withTaskGroup(of: Bool.self) { group in
            for number in 0..<20 {
                let store = number.isMultiple(of: 2) ? first : second
                group.addTask {
                    (try? await store.acquireLease(Fixtures.lease("owner-\(number)", expiresIn: 30), dagID: "etl",
                                                   runID: "r\(number)", now: Fixtures.day, maxActiveRuns: 3)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(started == 3)
        var leased = 0
        for number in 0..<20 where try await second.lease(dagID: "etl", runID: "r\(number)") != nil { leased += 1 }
        #expect(leased == 3)
    }
}
