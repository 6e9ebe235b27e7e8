import Foundation
import Synchronization
import Testing
import Updraft

/// The engine on every store with its tries shared (`Engine.Configuration.sharesTries`): the run's owner queues
/// them, workers in other processes (another instance of the store) claim and run each exactly once, the owner
/// collects their ends, takes over the tries of a claimer that died, and a stopped run stops its claimed tries.
@Suite struct SharedTriesEngineTests {
    /// An engine sharing its tries, on `store`, named `hostname`.
    static func configuration(_ store: any RunStore, hostname: String,
                              claimDuration: Duration = .seconds(30)) -> Engine.Configuration {
        Engine.Configuration(store: store, hostname: hostname, leaseDuration: .seconds(30), sharesTries: true,
                             tryClaimDuration: claimDuration)
    }

    /// Runs `body` while workers run `dags` on `stores`, one each, named `worker-0`, `worker-1`…
    static func withWorkers<T: Sendable>(_ stores: [any RunStore], _ dags: [DAG], capacity: Int = 32,
                                         claimDuration: Duration = .seconds(30),
                                         _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            for (number, store) in stores.enumerated() {
                let worker = TryWorker(dags: dags, configuration: configuration(store, hostname: "worker-\(number)",
                                                                                claimDuration: claimDuration),
                                       capacity: capacity)
                group.addTask {
                    await worker.run()
                    return nil
                }
            }
            group.addTask { try await body() }
            var result: T?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            return try #require(result)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aWideRunSpreadsOverTheWorkersAndEachTryRunsOnce(kind: StoreKind) async throws {
        let bodies = BodyCounter()
        let dag = try DAG("wide", maxActiveTasks: 16) { dag in
            let start = dag.task("start") { _ in bodies.ran("start") }
            let end = dag.task("end") { _ in bodies.ran("end") }
            for number in 1...24 {
                let task = dag.task("t\(number)") { _ in
                    bodies.ran("t\(number)")
                    try await Task.sleep(for: .milliseconds(40))
                }
                start >> task
                task >> end
            }
        }
        let (one, other) = try await kind.makeStorePair()
        let result = try await Self.withWorkers([one, other], [dag], capacity: 3) {
            try await Engine(configuration: Self.configuration(one, hostname: "owner")).run(dag, runID: "wide")
        }
        #expect(result.state == .success)
        #expect(bodies.counts.count == 26)
        #expect(bodies.counts.values.allSatisfy { $0 == 1 }, "every body ran exactly once")
        let stored = try await other.taskInstances(dagID: "wide", runID: "wide")
        let hosts = Set(stored.compactMap { $0.tries.last?.hostname })
        #expect(hosts == ["worker-0", "worker-1"], "both workers ran tries, the owner none")
        #expect(stored.allSatisfy { $0.state == .success && $0.tries.count == 1 && $0.tries[0].state == .success })
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedClaimedTryRetriesAndItsResultReachesDownstream(kind: StoreKind) async throws {
        let bodies = BodyCounter()
        let dag = try DAG("retrying") { dag in
            let flaky = dag.task("flaky", options: TaskOptions(retries: 1, retryDelay: .zero)) { _ -> Int in
                if bodies.ran("flaky") == 1 { throw FlakyFailure() }
                return 42
            }
            let read = dag.task("read") { context in
                bodies.ran("read")
                let value = try await context.xcom.pull(Int.self, from: "flaky")
                #expect(value == 42)
            }
            flaky >> read
        }
        let (one, other) = try await kind.makeStorePair()
        let result = try await Self.withWorkers([other], [dag]) {
            try await Engine(configuration: Self.configuration(one, hostname: "owner")).run(dag, runID: "r")
        }
        #expect(result.state == .success)
        #expect(bodies.counts == ["flaky": 2, "read": 1])
        let flaky = try #require(try await one.taskInstances(dagID: "retrying", runID: "r").first { $0.taskID == "flaky" })
        #expect(flaky.tries.map(\.state) == [.upForRetry, .success])
        #expect(flaky.tries[0].error?.contains("flaky failure") == true)
        #expect(flaky.tries.allSatisfy { $0.hostname == "worker-0" })
    }

    /// A claimer that dies (its claim never renewed) before recording remote work: the owner takes the try over
    /// once the claim lapses, counts it as interrupted, and the retry runs on a live worker.
    @Test(arguments: StoreKind.allCases)
    func theTryOfAClaimerThatDiedIsTakenOverByTheOwner(kind: StoreKind) async throws {
        let bodies = BodyCounter()
        let dag = try DAG("orphaned") { dag in
            dag.task("job", options: TaskOptions(retries: 1, retryDelay: .zero)) { _ in bodies.ran("job") }
        }
        let (one, other) = try await kind.makeStorePair()
        let queued = other.slotSignals()
        let engine = Engine(configuration: Self.configuration(one, hostname: "owner", claimDuration: .milliseconds(600)))
        let run = Task { try await engine.run(dag, runID: "r") }
        // The "dead" claimer takes the first try as soon as it is queued, and is never heard of again.
        var claimed: [ClaimedTry] = []
        for await _ in queued {
            let claim = TryClaim(ownerID: "dead", hostname: "dead-host", expiresAt: Date().addingTimeInterval(0.3))
            claimed = try await other.claimTries(claim, dagIDs: ["orphaned"], limit: 1, now: Date())
            if !claimed.isEmpty { break }
        }
        #expect(claimed.map(\.taskID) == ["job"])
        let result = try await Self.withWorkers([other], [dag], claimDuration: .milliseconds(600)) { try await run.value }
        #expect(result.state == .success)
        #expect(bodies.counts == ["job": 1], "only the retry ran the body")
        let job = try #require(try await one.taskInstances(dagID: "orphaned", runID: "r").first)
        #expect(job.tries.map(\.state) == [.upForRetry, .success])
        #expect(job.tries[0].hostname == "dead-host")
        #expect(job.tries[0].error?.contains("interrupted") == true)
        #expect(job.tries[1].hostname == "worker-0")
    }

    /// A claimer that dies after its operator recorded remote work: the owner reattaches to it, same try.
    @Test(arguments: StoreKind.allCases)
    func theOwnerReattachesToTheRemoteWorkOfADeadClaimer(kind: StoreKind) async throws {
        let reattached = Mutex<ExternalHandle?>(nil)
        let dag = try DAG("pod") { dag in
            dag.task("job") { context in reattached.withLock { $0 = context.interruptedWork } }
        }
        let (one, other) = try await kind.makeStorePair()
        let queued = other.slotSignals()
        let engine = Engine(configuration: Self.configuration(one, hostname: "owner", claimDuration: .milliseconds(600)))
        let run = Task { try await engine.run(dag, runID: "r") }
        for await _ in queued {
            let claim = TryClaim(ownerID: "dead", hostname: "dead-host", expiresAt: Date().addingTimeInterval(0.3))
            if try await other.claimTries(claim, dagIDs: ["pod"], limit: 1, now: Date()).isEmpty { continue }
            try await other.recordExternalHandle(ExternalHandle(kind: "pod", id: "job-1"),
                                                 taskID: "job", tryNumber: 1, dagID: "pod", runID: "r")
            break
        }
        let result = try await run.value
        #expect(result.state == .success)
        #expect(reattached.withLock { $0 }?.id == "job-1")
        let job = try #require(try await one.taskInstances(dagID: "pod", runID: "r").first)
        #expect(job.tries.map(\.state) == [.success], "the same try, reattached")
        #expect(job.tries[0].hostname == "owner")
    }

    /// A cancelled run ends its claimed tries; the worker running one stops it at its next renewal.
    @Test(arguments: StoreKind.allCases)
    func aCancelledRunStopsItsClaimedTries(kind: StoreKind) async throws {
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let (stopped, stoppedSignal) = AsyncStream<Void>.makeStream()
        let dag = try DAG("long") { dag in
            dag.task("wait") { _ in
                startedSignal.yield()
                // Runs until cancelled: a stream nobody feeds ends only with the task's cancellation.
                let (never, feed) = AsyncStream<Void>.makeStream()
                defer { feed.finish() }
                for await _ in never {}
                stoppedSignal.yield()
                throw CancellationError()
            }
        }
        let (one, other) = try await kind.makeStorePair()
        let result = try await Self.withWorkers([other], [dag], claimDuration: .milliseconds(600)) {
            let engine = Engine(configuration: Self.configuration(one, hostname: "owner"))
            let run = Task { try await engine.run(dag, runID: "r") }
            for await _ in started { break }
            run.cancel()
            let result = try await run.value
            for await _ in stopped { break }  // the worker's renewal found the try taken away
            return result
        }
        #expect(result.state == .failed)
        let wait = try #require(try await one.taskInstances(dagID: "long", runID: "r").first)
        #expect(wait.state == .failed)
        #expect(wait.tries.map(\.state) == [.failed], "the worker wrote nothing over the owner's end")
    }
}

struct FlakyFailure: Error, CustomStringConvertible {
    var description: String { "flaky failure" }
}

/// How many times each task body ran.
final class BodyCounter: Sendable {
    private let state = Mutex<[String: Int]>([:])

    /// Counts a run of `taskID`'s body; returns how many so far.
    @discardableResult func ran(_ taskID: String) -> Int {
        state.withLock { counts in
            counts[taskID, default: 0] += 1
            return counts[taskID]!
        }
    }

    var counts: [String: Int] { state.withLock { $0 } }
}
