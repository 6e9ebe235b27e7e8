import Foundation
import ProcessTestSupport
import Testing
import Updraft
import UpdraftPostgres

extension ReplicaTests {
    /// Three replicas with `--share-tries` run two runs of `wide` (1,000 tasks each): every body ran exactly once,
    /// and each run's bodies ran in more than one replica — the tries were claimed from the queue by whichever
    /// replica had room, not run by the run's owner alone.
    @Test func sharedTriesSpreadOneRunOverTheReplicasAndRunEachTaskOnce() async throws {
        let database = try await ReplicaDatabase.create()
        let store = try await PostgresRunStore(url: database.url)
        let setup = try Replica.Setup(databaseURL: database.url, directory: try BuildProducts.scratchDirectory(),
                                      leaseSeconds: 10, sharesTries: true)
        let replicas = try ["host-a", "host-b", "host-c"].map { try Replica(setup, hostname: $0) }
        for replica in replicas { try await replica.ready() }
        let runIDs = try await ReplicaDatabase.trigger("wide", count: 2, on: store)
        let runs = try await ReplicaDatabase.waitUntilFinished(runIDs, dagIDs: ["wide"], on: store,
                                                               within: .seconds(150))
        let outputs = try await Replica.stopAll(replicas)
        #expect(runs.count == 2 && runs.allSatisfy { $0.state == .success },
                "\(runs.map { "\($0.runID) \($0.state)" })\n\(outputs)")
        let bodies = try BodyLines(file: setup.bodies)
        #expect(bodies.malformed.isEmpty, "\(bodies.malformed.prefix(5))")
        #expect(bodies.count == 2 * 1_000)
        let doubled = bodies.pids.filter { $0.value.count != 1 }
        #expect(doubled.isEmpty, "task bodies that ran more than once: \(doubled.prefix(10))")
        for runID in runIDs {
            let byProcess = Dictionary(grouping: bodies.pids.filter { $0.key.runID == runID }.values.flatMap { $0 },
                                       by: { $0 }).mapValues(\.count)
            #expect(byProcess.count >= 2, "\(runID) ran in \(byProcess) only")
            Self.logger.notice("shared tries: \(runID) bodies by process: \(byProcess)")
            let hosts = Set(try await store.taskInstances(dagID: "wide", runID: runID)
                .compactMap { $0.tries.last?.hostname })
            #expect(hosts.count >= 2 && hosts.isSubset(of: ["host-a", "host-b", "host-c"]), "\(runID) hosts: \(hosts)")
        }
        await store.close()
    }
}
