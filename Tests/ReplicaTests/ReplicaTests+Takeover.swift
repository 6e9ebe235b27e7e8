import Foundation
import ProcessTestSupport
import Testing
import Updraft
import UpdraftPostgres

extension ReplicaTests {
    /// Two replicas on different (pretend) hosts; the owner of a running run is killed with `kill -9`: the other takes
    /// the run over within the lease (3 s) plus 1 s, three times. Both replicas race for each queued run, and the
    /// loser learns of the winner's lease when its own attempt ends, not from a store change: before the scheduler
    /// re-armed its wake-up for that, the loser slept to its one-minute wall-clock recheck (ReplicaBenchmark).
    @Test func aKilledOwnersRunIsTakenOverWithinItsLease() async throws {
        let database = try await ReplicaDatabase.create()
        let store = try await PostgresRunStore(url: database.url)
        let setup = try Replica.Setup(databaseURL: database.url, directory: try BuildProducts.scratchDirectory(),
                                      leaseSeconds: 3)
        var replicas = [try Replica(setup, hostname: "host-a"), try Replica(setup, hostname: "host-b")]
        for replica in replicas { try await replica.ready() }
        for round in 0..<3 {
            let runID = try await ReplicaDatabase.trigger("wide", count: 1, on: store)[0]
            let running = await ReplicaDatabase.waitUntil(on: store, within: .seconds(60)) {
                try await store.run(dagID: "wide", runID: runID)?.state == .running
            }
            guard running, let owner = try await store.lease(dagID: "wide", runID: runID),
                  let victim = replicas.firstIndex(where: { $0.pid == owner.pid }) else {
                Issue.record("round \(round): \(runID) was not claimed by a replica")
                continue
            }
            let killedAt = ContinuousClock.now
            try await replicas[victim].kill()
            let takenOver = await ReplicaDatabase.waitUntil(on: store, within: .seconds(90)) {
                guard let lease = try await store.lease(dagID: "wide", runID: runID), lease.pid != owner.pid else {
                    return false
                }
                return try await store.run(dagID: "wide", runID: runID)?.state == .running
            }
            let took = ContinuousClock.now - killedAt
            #expect(takenOver && took <= .seconds(4), "round \(round): taken over after \(took)")
            replicas[victim] = try Replica(setup, hostname: "host-\(round)-new")
            try await replicas[victim].ready()
            let runs = try await ReplicaDatabase.waitUntilFinished([runID], dagIDs: ["wide"], on: store,
                                                                   within: .seconds(120))
            #expect(runs.first { $0.runID == runID }?.state == .success)
        }
        for replica in replicas { _ = try await replica.stop() }
        await store.close()
    }
}
