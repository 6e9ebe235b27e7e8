import Foundation
import Updraft
import UpdraftPostgres

/// `kill -9` of the replica owning a running run of `wide`, until the run is running again under another replica's
/// lease (the new owner's `running` write notifies this process). The killed replica is replaced afterwards, and the
/// run waited for until it succeeded.
struct Takeover {
    /// From the kill to the run running under another replica.
    var takeover: Duration
    /// How long the killed owner's last renewal still had to run at the kill: the takeover cannot come sooner.
    var leaseLeft: Duration

    static func measure(store: PostgresRunStore, replicas: inout [BenchmarkReplica], setup: BenchmarkReplica.Setup,
                        nextNumber: inout Int) async throws -> Takeover {
        let runID = "wide_takeover_\(UUID().uuidString.prefix(8))"
        let now = Date()
        try await store.createRun(DAGRunRecord(dagID: "wide", runID: runID, logicalDate: now, state: .queued,
                                               runType: .manual, runAfter: now))
        guard await StoreWatch.until(store, within: .seconds(60), {
            try await store.run(dagID: "wide", runID: runID)?.state == .running
        }) != nil, let owner = try await store.lease(dagID: "wide", runID: runID),
              let victim = replicas.firstIndex(where: { $0.pid == owner.pid }) else {
            throw BenchmarkError("run \(runID) was not claimed by a replica within 60 s")
        }
        let killedAt = Date()
        let start = ContinuousClock.now
        try await replicas[victim].kill()
        guard let last = try await store.lease(dagID: "wide", runID: runID), last.pid == owner.pid else {
            throw BenchmarkError("run \(runID) finished or changed owner before its owner was killed: measure again")
        }
        guard let resumed = await StoreWatch.until(store, within: .seconds(120), {
            guard let lease = try await store.lease(dagID: "wide", runID: runID), lease.pid != owner.pid else {
                return false
            }
            return try await store.run(dagID: "wide", runID: runID)?.state == .running
        }) else { throw BenchmarkError("run \(runID) was not taken over within 120 s") }
        let leaseLeft = Duration.milliseconds(Int64(last.expiresAt.timeIntervalSince(killedAt) * 1_000))

        replicas[victim] = try BenchmarkReplica(setup, number: nextNumber)
        nextNumber += 1
        try await replicas[victim].ready()
        guard await StoreWatch.until(store, within: .seconds(300), {
            try await store.run(dagID: "wide", runID: runID)?.state == .success
        }) != nil else { throw BenchmarkError("run \(runID) did not succeed after its takeover") }
        return Takeover(takeover: resumed - start, leaseLeft: leaseLeft)
    }
}
