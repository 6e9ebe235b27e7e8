import Foundation
import Updraft
import UpdraftPostgres

/// Latency of the store's operations that wait for the server, one after the other (no concurrency).
enum StoreLatency {
    static func measure(_ store: PostgresRunStore, count: Int) async throws -> [(String, Percentiles)] {
        let day = Date(timeIntervalSince1970: 1_790_000_000)
        let prefix = UUID().uuidString.prefix(8)
        func run(_ index: Int) -> DAGRunRecord {
            DAGRunRecord(dagID: "latency", runID: "\(prefix)-\(index)", logicalDate: day.addingTimeInterval(Double(index)),
                         state: .queued, params: ["region": "eu"], runType: .scheduled)
        }
        func lease(_ owner: String, _ seconds: Double) -> RunLease {
            RunLease(ownerID: owner, hostname: "bench", pid: 1, expiresAt: day.addingTimeInterval(seconds))
        }
        var results: [(String, Percentiles)] = []
        results.append(("createRun", try await sample(count) { try await store.createRun(run($0)) }))
        results.append(("acquireLease (free run)", try await sample(count) {
            try await store.acquireLease(lease("a", 30), dagID: "latency", runID: run($0).runID, now: day)
        }))
        results.append(("renewLease", try await sample(count) {
            try await store.renewLease(lease("a", 60), dagID: "latency", runID: run($0).runID)
        }))
        results.append(("acquireLease (refused: live owner)", try await sample(count) { index in
            do {
                try await store.acquireLease(lease("b", 30), dagID: "latency", runID: run(index).runID, now: day)
            } catch RunStoreError.runOwned {}
        }))
        results.append(("saveTaskInstance + sync", try await sample(count) {
            let record = TaskInstanceRecord(taskID: "t", state: .running, tryNumber: 1, maxTries: 1, startDate: day,
                                            tries: [TryRecord(tryNumber: 1, startDate: day, state: .running)])
            try await store.saveTaskInstance(record, dagID: "latency", runID: run($0).runID)
            try await store.sync()
        }))
        results.append(("recordExternalHandle", try await sample(count) {
            try await store.recordExternalHandle(ExternalHandle(kind: "kubernetes-pod", id: "pod-\($0)", recordedAt: day),
                                                 taskID: "t", tryNumber: 1, dagID: "latency", runID: run($0).runID)
        }))
        results.append(("run(dagID:runID:) read", try await sample(count) {
            _ = try await store.run(dagID: "latency", runID: run($0).runID)
        }))
        return results
    }
}
