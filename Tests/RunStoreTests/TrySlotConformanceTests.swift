import Foundation
import Testing
import Updraft

/// `startTries` counts every running try of the DAG (for `maxActiveTasks`) and of each pool (across DAGs) in the
/// store, its candidates' own rows aside, and stops counting a dead owner's tries once its lease has lapsed.
@Suite struct TrySlotConformanceTests {
    static func running(_ taskID: String, pool: String = Pools.defaultPoolName, slots: Int = 1) -> TaskInstanceRecord {
        var record = Fixtures.instance(taskID, state: .running, tries: 1)
        record.pool = pool
        record.poolSlots = slots
        return record
    }

    @Test(arguments: StoreKind.allCases)
    func triesStartOnlyWhereTheDAGAndThePoolHaveRoom(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        // Another run of the DAG, owned until day + 30: one try in pool k8s (2 slots), one in the default pool.
        try await store.createRun(Fixtures.run("owned", state: .running))
        try await store.acquireLease(Fixtures.lease("other", expiresIn: 30), dagID: "etl", runID: "owned",
                                     now: Fixtures.day)
        try await store.saveTaskInstances([Self.running("a", pool: "k8s", slots: 2), Self.running("b")],
                                          dagID: "etl", runID: "owned")
        // Another DAG's try in k8s counts for the pool, not for this DAG.
        try await store.createRun(Fixtures.run("theirs", dag: "other", state: .running))
        try await store.saveTaskInstances([Self.running("x", pool: "k8s")], dagID: "other", runID: "theirs")
        try await store.createRun(Fixtures.run("mine", at: 60, state: .running))
        let limits = TrySlotLimits(maxActiveTasks: 3, poolSizes: ["k8s": 4, Pools.defaultPoolName: 128])

        let pod = Self.running("pod", pool: "k8s", slots: 2)
        let report = Self.running("report")
        let extra = Self.running("extra")
        // k8s holds 3 of 4 slots: the pod does not fit; the report does, and then the DAG is full (3).
        var started = try await store.startTries([pod, report, extra], dagID: "etl", runID: "mine", limits: limits,
                                                 now: Fixtures.day)
        #expect(started == ["report"])
        #expect(try await store.taskInstances(dagID: "etl", runID: "mine").map(\.taskID) == ["report"],
                "a refused start is not written")
        // Its own stored row does not count against it when asked again.
        started = try await store.startTries([report], dagID: "etl", runID: "mine", limits: limits, now: Fixtures.day)
        #expect(started == ["report"])
        // Once the other run's lease has lapsed (its owner died), its tries stop counting.
        started = try await store.startTries([pod, extra], dagID: "etl", runID: "mine", limits: limits,
                                             now: Fixtures.day.addingTimeInterval(31))
        #expect(started == ["pod", "extra"])
        let stored = try await store.taskInstances(dagID: "etl", runID: "mine")
        #expect(stored.first { $0.taskID == "pod" } == pod, "written as given, pool included")
        #expect(stored.allSatisfy { $0.state == .running })
    }

    @Test(arguments: StoreKind.allCases)
    func aFinishedRunsTriesAndEndedTriesDoNotCount(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await store.createRun(Fixtures.run("done", state: .failed))
        try await store.saveTaskInstances([Self.running("stale")], dagID: "etl", runID: "done")
        try await store.createRun(Fixtures.run("mine", at: 60, state: .running))
        try await store.saveTaskInstances([Fixtures.instance("ended", state: .success, tries: 1)], dagID: "etl",
                                          runID: "mine")
        let started = try await store.startTries([Self.running("next")], dagID: "etl", runID: "mine",
                                                 limits: TrySlotLimits(maxActiveTasks: 1, poolSizes: [:]),
                                                 now: Fixtures.day)
        #expect(started == ["next"])
    }

    /// Two instances on one database (two processes) asking at once for the last slots of a pool.
    @Test(arguments: StoreKind.allCases)
    func racingStartsNeverOverfillAPool(kind: StoreKind) async throws {
        let (first, second) = try await kind.makeStorePair()
        for number in 0..<10 {
            try await first.createRun(Fixtures.run("r\(number)", at: Double(number) * 60, state: .running))
        }
        let limits = TrySlotLimits(maxActiveTasks: 100, poolSizes: ["k8s": 3])
        let started = try await withThrowingTaskGroup(of: Int.self) { group in
            for number in 0..<10 {
                let store = number.isMultiple(of: 2) ? first : second
                group.addTask {
                    try await store.startTries([Self.running("t", pool: "k8s")], dagID: "etl", runID: "r\(number)",
                                               limits: limits, now: Fixtures.day).count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(started == 3)
    }

    @Test func admissionPassesOverWhatDoesNotFitAndCountsWhatItAdmits() {
        let limits = TrySlotLimits(maxActiveTasks: 3, poolSizes: ["small": 1])
        let admitted = limits.admit([Self.running("a", pool: "small"), Self.running("b", pool: "small"),
                                     Self.running("c"), Self.running("d")], running: 1, poolUsage: [:])
        #expect(admitted.map(\.taskID) == ["a", "c"])
    }
}
