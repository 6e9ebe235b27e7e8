import Foundation
import Logging
import PostgresNIO
import PostgresTestSupport
import ProcessTestSupport
import Testing
import Updraft
import UpdraftPostgres

/// Several `serve` replicas (each a process of `updraft-replica-fixture`) on one PostgreSQL database: every run is
/// created once and succeeds, every task body runs exactly once, the schema is migrated once however many start
/// together, and `kill -9` of replicas in the middle of runs loses and doubles nothing.
///
/// Serialized: the replicas of one test already keep both cores of the test machine busy.
@Suite(.serialized) struct ReplicaTests {
    /// Runs of `wide` (1,000 tasks each) the replica tests queue.
    static let wideRuns = 6
    static let logger = Logger(label: "updraft.tests.replicas")

    @Test(arguments: [2, 3])
    func replicasRunEveryTaskOfEveryRunExactlyOnce(replicas count: Int) async throws {
        let database = try await ReplicaDatabase.create()
        let directory = try BuildProducts.scratchDirectory()
        let store = try await PostgresRunStore(url: database.url)
        let setup = try Replica.Setup(databaseURL: database.url, directory: directory, leaseSeconds: 10)
        let replicas = try await Replica.startAll(count, setup)
        let runIDs = try await ReplicaDatabase.trigger("wide", count: Self.wideRuns, on: store)
        let runs = try await ReplicaDatabase.waitUntilFinished(runIDs, dagIDs: ["wide"], on: store,
                                                               within: .seconds(150))
        let outputs = try await Replica.stopAll(replicas)

        // Each run exists once (the store holds exactly the runs queued) and succeeded.
        #expect(runs.map(\.runID).sorted() == runIDs.sorted(), "\(runs.map(\.runID))")
        #expect(runs.allSatisfy { $0.state == .success }, "\(runs.map { "\($0.runID) \($0.state)" })\n\(outputs)")
        // Each task body ran exactly once: 1,000 lines per run, one per task.
        let bodies = try BodyLines(file: setup.bodies)
        #expect(bodies.malformed.isEmpty, "\(bodies.malformed.prefix(5))")
        #expect(bodies.count == Self.wideRuns * 1_000)
        let doubled = bodies.pids.filter { $0.value.count != 1 }
        #expect(doubled.isEmpty, "task bodies that ran more than once: \(doubled.prefix(10))")
        for runID in runIDs {
            #expect(bodies.pids.keys.filter { $0.runID == runID }.count == 1_000, "tasks of \(runID) that ran")
        }
        // Each run's tasks ran in one process (a run belongs to one replica while it runs).
        for runID in runIDs {
            let processes = Set(bodies.pids.filter { $0.key.runID == runID }.values.flatMap { $0 })
            #expect(processes.count == 1, "\(runID) ran in \(processes)")
        }
        await store.close()
    }

    /// Three replicas started together on an empty database: one migrates it (under the store's advisory lock), the
    /// others wait and find it current; all three serve. Had two migrated, the second's `CREATE TABLE` or its row in
    /// `updraft.schema_migrations` (primary key: the version) would have failed, and that replica would have exited.
    @Test func replicasStartingTogetherOnAnEmptyDatabaseMigrateItOnce() async throws {
        let database = try await ReplicaDatabase.create()
        let directory = try BuildProducts.scratchDirectory()
        let setup = try Replica.Setup(databaseURL: database.url, directory: directory, leaseSeconds: 10)
        let replicas = try await Replica.startAll(3, setup)

        let migrations = try await database.server.withAdminConnection(database: database.name) { connection in
            try await connection.query("SELECT version, name FROM updraft.schema_migrations ORDER BY version",
                                       logger: Self.logger).collect().map { try $0.decode((Int, String).self) }
        }
        #expect(!migrations.isEmpty)
        #expect(Set(migrations.map(\.0)).count == migrations.count, "\(migrations)")
        // The schema is current: a store that may not upgrade opens it, applying nothing.
        let store = try await PostgresRunStore(url: database.url, upgrade: false)
        #expect(store.appliedMigrations.isEmpty)
        // And the replicas work on it: a queued run is run (by one of them) to success.
        let runIDs = try await ReplicaDatabase.trigger("wide", count: 1, on: store)
        let runs = try await ReplicaDatabase.waitUntilFinished(runIDs, dagIDs: ["wide"], on: store,
                                                               within: .seconds(120))
        #expect(runs.map(\.state) == [.success])
        _ = try await Replica.stopAll(replicas)
        await store.close()
    }
}
