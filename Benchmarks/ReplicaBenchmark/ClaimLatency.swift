import Foundation
import Updraft
import UpdraftPostgres

/// Trigger to claim, end to end: a run of `single` queued by this process, until the store shows it claimed and
/// running (or already finished) — the NOTIFY reaching the replicas, their scheduling reads, the lease claim (the
/// replicas race for it; one wins) and the `running` write whose NOTIFY reaches this process. One run at a time,
/// each waited for until it finished.
enum ClaimLatency {
    static func measure(samples: Int, store: PostgresRunStore) async throws -> Percentiles {
        var durations: [Duration] = []
        for number in 0..<samples {
            let runID = "single_\(number)_\(UUID().uuidString.prefix(8))"
            let now = Date()
            let start = ContinuousClock.now
            try await store.createRun(DAGRunRecord(dagID: "single", runID: runID, logicalDate: now, state: .queued,
                                                   runType: .manual, runAfter: now))
            guard let claimed = await StoreWatch.until(store, within: .seconds(60), {
                guard let run = try await store.run(dagID: "single", runID: runID) else { return false }
                return run.state != .queued
            }) else { throw BenchmarkError("run \(runID) of single was not claimed within 60 s") }
            durations.append(claimed - start)
            guard await StoreWatch.until(store, within: .seconds(60), {
                try await store.run(dagID: "single", runID: runID)?.state == .success
            }) != nil else { throw BenchmarkError("run \(runID) of single did not succeed within 60 s") }
        }
        return Percentiles(durations)
    }
}
