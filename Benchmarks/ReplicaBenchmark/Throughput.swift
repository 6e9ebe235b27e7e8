import Foundation
import Updraft
import UpdraftPostgres

/// Runs of `wide` (1,000 tasks each) queued together on the replicas: tasks per second from the queueing to the last
/// run's end, the replicas' statements per task, and — while they run — the latency of `acquireLease` on the loaded
/// server, called by this process on runs of its own (one statement each).
struct Throughput {
    var runs: Int
    var tasks: Int
    var elapsed: Duration
    var failed: Int
    var statements: Int
    var topStatements: [(statement: String, calls: Int)]
    var leaseClaims: Percentiles
    /// From a try's queueing by its run's owner to its claim by a replica (the first try of each task: its task
    /// instance's start is the queueing, the try's start the claim); zero when each run's owner runs its tries.
    var tryClaims: Percentiles

    var tasksPerSecond: Double { Double(tasks) / (Percentiles.milliseconds(elapsed) / 1e3) }
    var statementsPerTask: Double { Double(statements) / Double(tasks) }

    static func measure(runs count: Int, store: PostgresRunStore, counter: StatementCounter) async throws
        -> Throughput {
        let probes = try await probeRuns(200, store: store)
        try await counter.reset()
        let clock = ContinuousClock()
        let start = clock.now
        let now = Date()
        var runIDs: [String] = []
        for number in 0..<count {
            let runID = "wide_\(number)_\(UUID().uuidString.prefix(8))"
            try await store.createRun(DAGRunRecord(dagID: "wide", runID: runID,
                                                   logicalDate: now.addingTimeInterval(Double(number) / 1_000),
                                                   state: .queued, runType: .manual, runAfter: now))
            runIDs.append(runID)
        }
        async let claims = claimLatencies(probes, store: store)
        let wanted = Set(runIDs)
        let finished = await StoreWatch.until(store, within: .seconds(600)) {
            let runs = try await store.runs(matching: RunQuery(dagID: "wide"))
            return runs.filter { wanted.contains($0.runID) && ($0.state == .success || $0.state == .failed) }.count
                == wanted.count
        }
        guard let finished else { throw BenchmarkError("the \(count) runs of wide did not finish within 10 minutes") }
        let leaseClaims = try await claims
        let counts = try await counter.counts()
        let failed = try await store.runs(matching: RunQuery(dagID: "wide", states: [.failed])).count
        var queuedToClaimed: [Duration] = []
        for runID in runIDs {
            for instance in try await store.taskInstances(dagID: "wide", runID: runID) {
                guard let queued = instance.startDate, let first = instance.tries.first, first.tryNumber == 1 else {
                    continue
                }
                queuedToClaimed.append(.microseconds(Int64(first.startDate.timeIntervalSince(queued) * 1_000_000)))
            }
        }
        return Throughput(runs: count, tasks: count * 1_000, elapsed: finished - start, failed: failed,
                          statements: counts.total, topStatements: counts.top, leaseClaims: leaseClaims,
                          tryClaims: Percentiles(queuedToClaimed))
    }

    /// Finished runs of a DAG no replica serves, for lease claims that disturb nothing.
    private static func probeRuns(_ count: Int, store: PostgresRunStore) async throws -> [String] {
        var runIDs: [String] = []
        for number in 0..<count {
            let runID = "probe_\(number)_\(UUID().uuidString.prefix(8))"
            try await store.createRun(DAGRunRecord(dagID: "lease_probe", runID: runID,
                                                   logicalDate: Date(timeIntervalSince1970: Double(number) + Date().timeIntervalSince1970),
                                                   state: .success, runType: .manual))
            runIDs.append(runID)
        }
        return runIDs
    }

    /// One `acquireLease` per probe run, one after the other.
    private static func claimLatencies(_ runIDs: [String], store: PostgresRunStore) async throws -> Percentiles {
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for runID in runIDs {
            let lease = RunLease(ownerID: UUID().uuidString, hostname: "benchmark", pid: getpid(),
                                 expiresAt: Date().addingTimeInterval(30))
            let start = clock.now
            try await store.acquireLease(lease, dagID: "lease_probe", runID: runID, now: Date())
            samples.append(clock.now - start)
        }
        return Percentiles(samples)
    }
}
