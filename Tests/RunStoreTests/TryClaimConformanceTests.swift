import Foundation
import Testing
import Updraft

/// Tries a run's owner queues are claimed once each, by whichever claimer asks first, renewed while they run, ended
/// only under their claim, and taken over by the owner once a claim lapses.
@Suite struct TryClaimConformanceTests {
    static let limits = TrySlotLimits(maxActiveTasks: 1_000, poolSizes: [:])

    /// A task instance whose try `tries` is queued for claiming, queued `offset` seconds after the fixture day.
    static func queued(_ taskID: String, tries: Int = 1, offset: TimeInterval = 0) -> TaskInstanceRecord {
        var record = Fixtures.instance(taskID, state: .running, tries: tries)
        record.tries[tries - 1].state = .queued
        record.tries[tries - 1].hostname = nil
        record.tries[tries - 1].startDate = Fixtures.day.addingTimeInterval(offset)
        return record
    }

    static func claim(_ owner: String, expiresIn seconds: TimeInterval = 30) -> TryClaim {
        TryClaim(ownerID: owner, hostname: "\(owner).example", expiresAt: Fixtures.day.addingTimeInterval(seconds))
    }

    /// A run holding queued tries `taskIDs`, queued in that order.
    static func queue(_ taskIDs: [String], runID: String = "run", dag: String = "etl", in store: any RunStore)
        async throws {
        try await store.createRun(Fixtures.run(runID, dag: dag, state: .running))
        let started = try await store.startTries(
            taskIDs.enumerated().map { queued($1, offset: Double($0)) }, dagID: dag, runID: runID, limits: limits,
            now: Fixtures.day)
        #expect(started == taskIDs)
    }

    @Test(arguments: StoreKind.allCases)
    func queuedTriesAreClaimedOldestFirstAndOnce(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.queue(["c", "a", "b"], in: store)
        try await Self.queue(["x"], runID: "theirs", dag: "other", in: store)
        let now = Fixtures.day.addingTimeInterval(5)
        let first = try await store.claimTries(Self.claim("w1"), dagIDs: ["etl"], limit: 2, now: now)
        #expect(first.map(\.taskID) == ["c", "a"])
        #expect(first.first == ClaimedTry(dagID: "etl", runID: "run", taskID: "c", tryNumber: 1, maxTries: 3))
        let second = try await store.claimTries(Self.claim("w2"), dagIDs: ["etl"], limit: 5, now: now)
        #expect(second.map(\.taskID) == ["b"], "a claimed try is never claimed again; another DAG's is not asked for")
        #expect(try await store.claimTries(Self.claim("w3"), dagIDs: ["etl"], limit: 5, now: now).isEmpty)
        let stored = try await store.taskInstances(dagID: "etl", runID: "run")
        let claimed = try #require(stored.first { $0.taskID == "c" }?.tries.last)
        #expect(claimed.state == .running)
        #expect(claimed.hostname == "w1.example")
        #expect(claimed.startDate == now)
        #expect(try await store.claimTries(Self.claim("w3"), dagIDs: ["other"], limit: 5, now: now).map(\.taskID)
            == ["x"])
    }

    @Test(arguments: StoreKind.allCases)
    func aClaimedTrysEndIsCollectedByTheRunsOwner(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.queue(["a", "b", "c"], in: store)
        let now = Fixtures.day.addingTimeInterval(5)
        _ = try await store.claimTries(Self.claim("w1"), dagIDs: ["etl"], limit: 2, now: now)
        let signals = store.claimedTryEndSignals(dagID: "etl", runID: "run")
        var ended = TryRecord(tryNumber: 1, startDate: now, endDate: now.addingTimeInterval(1), state: .upForRetry,
                              error: "boom", hostname: "w1.example")
        try await store.endClaimedTry(ended, taskID: "a", dagID: "etl", runID: "run", ownerID: "w1")
        var iterator = signals.makeAsyncIterator()
        #expect(await iterator.next() != nil, "the owner is woken")
        await #expect(throws: RunStoreError.tryClaimLost(dagID: "etl", runID: "run", taskID: "b", tryNumber: 1),
                      "only the claim's holder ends a try") {
            try await store.endClaimedTry(ended, taskID: "b", dagID: "etl", runID: "run", ownerID: "w2")
        }
        await #expect(throws: RunStoreError.tryClaimLost(dagID: "etl", runID: "run", taskID: "a", tryNumber: 1),
                      "a try ends once") {
            try await store.endClaimedTry(ended, taskID: "a", dagID: "etl", runID: "run", ownerID: "w1")
        }
        let collected = try await store.collectClaimedTries(dagID: "etl", runID: "run",
                                                            takeOver: Self.claim("owner"), now: now)
        #expect(collected.ended == [ClaimedTryEnd(taskID: "a", attempt: ended)])
        #expect(collected.takenOver.isEmpty)
        #expect(collected.outstanding == ["b", "c"], "b runs under a live claim, c is queued")
        let stored = try await store.taskInstances(dagID: "etl", runID: "run")
        var done = try #require(stored.first { $0.taskID == "a" })
        #expect(done.state == .running, "the owner decides the task instance's state")
        #expect(done.tries.last == ended)
        // The owner writes the task instance's new state: the end is no longer collected.
        done.state = .upForRetry
        try await store.saveTaskInstances([done], dagID: "etl", runID: "run")
        let after = try await store.collectClaimedTries(dagID: "etl", runID: "run", takeOver: Self.claim("owner"),
                                                        now: now)
        #expect(after.ended.isEmpty)
        #expect(after.outstanding == ["b", "c"])
        ended.state = .success
        ended.error = nil
        await #expect(throws: RunStoreError.tryClaimLost(dagID: "etl", runID: "run", taskID: "c", tryNumber: 1),
                      "a try nobody claimed cannot be ended as claimed") {
            try await store.endClaimedTry(ended, taskID: "c", dagID: "etl", runID: "run", ownerID: "w1")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLapsedClaimIsTakenOverByTheOwnerAndLostByItsClaimer(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.queue(["a", "b"], in: store)
        let now = Fixtures.day.addingTimeInterval(5)
        _ = try await store.claimTries(Self.claim("w1", expiresIn: 10), dagIDs: ["etl"], limit: 1, now: now)
        _ = try await store.claimTries(Self.claim("w2", expiresIn: 10), dagIDs: ["etl"], limit: 1, now: now)
        try await store.recordExternalHandle(ExternalHandle(kind: "pod", id: "a-1"), taskID: "a",
                                             tryNumber: 1, dagID: "etl", runID: "run")
        // w2 renews until day + 40; w1 does not, and its claim lapses at day + 10.
        #expect(try await store.renewTryClaims(Self.claim("w2", expiresIn: 40)).map(\.taskID) == ["b"])
        let early = try await store.collectClaimedTries(dagID: "etl", runID: "run", takeOver: Self.claim("owner"),
                                                        now: Fixtures.day.addingTimeInterval(9))
        #expect(early.takenOver.isEmpty)
        #expect(early.outstanding == ["a", "b"])
        let late = try await store.collectClaimedTries(dagID: "etl", runID: "run",
                                                       takeOver: Self.claim("owner", expiresIn: 60),
                                                       now: Fixtures.day.addingTimeInterval(11))
        #expect(late.takenOver.map(\.taskID) == ["a"])
        #expect(late.takenOver.first?.tries.last?.externalHandle?.id == "a-1",
                "the owner reattaches to what the try started")
        #expect(late.outstanding == ["b"])
        // w1 comes back: its try is gone from its renewal, and it can no longer end it.
        #expect(try await store.renewTryClaims(Self.claim("w1", expiresIn: 70)).isEmpty)
        let attempt = TryRecord(tryNumber: 1, startDate: now, endDate: now, state: .success)
        await #expect(throws: RunStoreError.tryClaimLost(dagID: "etl", runID: "run", taskID: "a", tryNumber: 1)) {
            try await store.endClaimedTry(attempt, taskID: "a", dagID: "etl", runID: "run", ownerID: "w1")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aTryTheOwnerEndedIsDroppedFromItsClaimersRenewal(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        try await Self.queue(["a"], in: store)
        let now = Fixtures.day.addingTimeInterval(5)
        _ = try await store.claimTries(Self.claim("w1"), dagIDs: ["etl"], limit: 1, now: now)
        // The run was cancelled: its owner wrote the try's end itself.
        var stopped = try #require(try await store.taskInstances(dagID: "etl", runID: "run").first)
        stopped.state = .failed
        stopped.tries[0].state = .failed
        stopped.tries[0].endDate = now
        try await store.saveTaskInstances([stopped], dagID: "etl", runID: "run")
        #expect(try await store.renewTryClaims(Self.claim("w1", expiresIn: 40)).isEmpty)
        #expect(try await store.claimTries(Self.claim("w2"), dagIDs: ["etl"], limit: 1, now: now).isEmpty)
    }

    /// Claimers in two processes (two store instances) racing for the same queue: each try is claimed once.
    @Test(arguments: StoreKind.allCases)
    func racingClaimersClaimEachTryOnce(kind: StoreKind) async throws {
        let (first, second) = try await kind.makeStorePair()
        let taskIDs = (0..<60).map { "t\($0)" }
        try await Self.queue(taskIDs, in: first)
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for claimer in 0..<6 {
                let store = claimer.isMultiple(of: 2) ? first : second
                group.addTask {
                    var mine: [String] = []
                    while true {
                        let batch = try await store.claimTries(Self.claim("w\(claimer)"), dagIDs: ["etl"], limit: 4,
                                                               now: Fixtures.day)
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.taskID)
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(claimed.count == taskIDs.count)
        #expect(Set(claimed) == Set(taskIDs))
    }
}
