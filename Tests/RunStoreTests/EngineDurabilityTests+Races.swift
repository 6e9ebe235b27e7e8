import Foundation
import Testing
import Updraft
import UpdraftTesting

/// Two replicas sharing a store and reaching for the same run: the one that comes second finds it finished and leaves
/// it as the first one finished it.
extension EngineDurabilityTests {
    private static let finishedAt = t0.addingTimeInterval(35)

    /// What another replica does with the crashed run: takes it over once its lease lapsed, runs it to success and
    /// gives the run up.
    private static func finishElsewhere(in store: any RunStore) async throws {
        let owner = RunLease(ownerID: "replica-2", hostname: "node-8", pid: 42, expiresAt: t0.addingTimeInterval(60))
        try await store.acquireLease(owner, dagID: "crashed", runID: "r", now: t0.addingTimeInterval(30))
        let done = try await store.taskInstances(dagID: "crashed", runID: "r").map { instance in
            var done = instance
            done.state = .success
            done.endDate = finishedAt
            if done.tries.isEmpty { done.tries = [TryRecord(tryNumber: 1, startDate: finishedAt, state: .running)] }
            done.tries[done.tries.count - 1].state = .success
            done.tries[done.tries.count - 1].endDate = finishedAt
            return done
        }
        try await store.saveTaskInstances(done, dagID: "crashed", runID: "r")
        guard var run = try await store.run(dagID: "crashed", runID: "r") else { return }
        run.state = .success
        run.endDate = finishedAt
        try await store.saveRun(run)
        try await store.releaseLease(ownerID: owner.ownerID, dagID: "crashed", runID: "r")
    }

    /// The run as the other replica left it, no body run, no lease left behind.
    private static func expectLeftAsFinished(_ store: any RunStore, bodies: CallRecorder<String>,
                                             error: EngineError?) async throws {
        #expect(error?.reason == .runFinished)
        #expect(error?.message.contains("run 'r' finished (success at 2027-01-15T08:00:35Z)") == true,
                "\(error?.message ?? "")")
        #expect(bodies.all.isEmpty, "nothing ran")
        let run = try #require(try await store.run(dagID: "crashed", runID: "r"))
        #expect(run.state == .success && run.endDate == finishedAt, "the run is not finished a second time")
        let instances = try await store.taskInstances(dagID: "crashed", runID: "r")
        #expect(instances.allSatisfy { $0.state == .success && $0.endDate == finishedAt })
        #expect(try await store.lease(dagID: "crashed", runID: "r") == nil, "the lease is given back")
    }

    @Test(arguments: StoreKind.allCases)
    func aRunFinishedBeforeItsLeaseWasTakenIsLeftAsFinished(kind: StoreKind) async throws {
        let base = try await kind.makeStore()
        try await Self.leaveCrashedRun(in: base)
        // The engine reads the run (running, its owner gone); the other replica finishes it before the engine's lease.
        let store = RacingRunStore(base) { store in
            try await Self.finishElsewhere(in: store)
            try await store.sync()
        }
        let bodies = CallRecorder<String>()
        let clock = ManualClock(now: Self.t0.addingTimeInterval(40), autoAdvance: true)
        let error = await #expect(throws: EngineError.self) {
            try await Self.engine(store, clock: clock).run(try Self.crashedDAG(bodies), runID: "r", resume: true)
        }
        try await Self.expectLeftAsFinished(base, bodies: bodies, error: error)
    }

    @Test(arguments: StoreKind.allCases)
    func aRunFinishedSinceASchedulerReadItIsLeftAsFinished(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.leaveCrashedRun(in: store)
        // A scheduler reads the run (running, its owner gone); the other replica finishes it before this engine starts.
        let seen = try #require(try await store.run(dagID: "crashed", runID: "r"))
        try await Self.finishElsewhere(in: store)
        try await store.sync()
        let bodies = CallRecorder<String>()
        let clock = ManualClock(now: Self.t0.addingTimeInterval(40), autoAdvance: true)
        let error = await #expect(throws: EngineError.self) {
            try await Self.engine(store, clock: clock).resume(try Self.crashedDAG(bodies), run: seen)
        }
        try await Self.expectLeftAsFinished(store, bodies: bodies, error: error)
    }
}
