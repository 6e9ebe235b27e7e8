import Foundation
import PostgresTestSupport
import Updraft
import UpdraftPostgres

/// The database the replicas of one test share (a new one on the test process's PostgreSQL server), and what the
/// test does on it through a store of its own: queue runs, wait for them on the store's change signals.
struct ReplicaDatabase: Sendable {
    let server: PostgresTestServer
    let name: String

    /// A new empty database (no schema: the first store or replica to open it migrates it).
    static func create() async throws -> ReplicaDatabase {
        let server = try await PostgresTestServer.shared()
        let name = "replica_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await server.createDatabase(name)
        return ReplicaDatabase(server: server, name: name)
    }

    var url: String { server.url(database: name) }

    /// Queues `count` manual runs of `dagID` (as `trigger` does), each with its own logical date; returns their ids.
    static func trigger(_ dagID: String, count: Int, on store: PostgresRunStore) async throws -> [String] {
        let now = Date()
        var runIDs: [String] = []
        for number in 0..<count {
            let logicalDate = now.addingTimeInterval(Double(number) / 1_000)
            let runID = "\(dagID)_\(number)_\(UUID().uuidString.prefix(8))"
            try await store.createRun(DAGRunRecord(dagID: dagID, runID: runID, logicalDate: logicalDate, state: .queued,
                                                   runType: .manual, runAfter: now))
            runIDs.append(runID)
        }
        try await store.sync()
        return runIDs
    }

    /// Waits until every run of `runIDs` has finished (success or failed), for at most `limit`; returns the runs as
    /// they are then.
    static func waitUntilFinished(_ runIDs: [String], dagIDs: [String], on store: PostgresRunStore,
                                  within limit: Duration) async throws -> [DAGRunRecord] {
        let wanted = Set(runIDs)
        _ = await waitUntil(on: store, within: limit) {
            let ours = try await runs(dagIDs, on: store).filter { wanted.contains($0.runID) }
            return ours.count == wanted.count && ours.allSatisfy { $0.state == .success || $0.state == .failed }
        }
        return try await runs(dagIDs, on: store)
    }

    /// Waits until `condition` holds, checked now and at each change the store signals (run changes notify every
    /// process on the database), for at most `limit`; false when it never held.
    static func waitUntil(on store: PostgresRunStore, within limit: Duration,
                          _ condition: @escaping @Sendable () async throws -> Bool) async -> Bool {
        let signals = store.changeSignals()
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                if (try? await condition()) == true { return true }
                for await _ in signals {
                    if (try? await condition()) == true { return true }
                }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: limit)  // the bound, not a wait for the result
                return false
            }
            let result = await group.next() ?? false
            group.cancelAll()
            return result
        }
    }

    /// Every run of `dagIDs`.
    static func runs(_ dagIDs: [String], on store: PostgresRunStore) async throws -> [DAGRunRecord] {
        var runs: [DAGRunRecord] = []
        for dagID in dagIDs { runs += try await store.runs(matching: RunQuery(dagID: dagID, oldestFirst: true)) }
        return runs
    }
}
