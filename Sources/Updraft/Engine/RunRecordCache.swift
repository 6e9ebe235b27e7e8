import Synchronization

/// The run records a ``TryWorker`` read, by run: the tries of one run it claims need what never changes while the run
/// runs (its logical date, params, conf, data interval), so one read serves them all instead of one per try. Small:
/// emptied whenever it holds `capacity` runs.
final class RunRecordCache: Sendable {
    private let records = Mutex([String: DAGRunRecord]())
    let capacity: Int

    init(capacity: Int = 256) { self.capacity = capacity }

    /// The cached record of the run, or the one `read` returns (nil: not cached).
    func record(dagID: String, runID: String, read: () async throws -> DAGRunRecord?) async rethrows
        -> DAGRunRecord? {
        let key = KeyedChangeBroadcaster.runKey(dagID: dagID, runID: runID)
        if let cached = records.withLock({ $0[key] }) { return cached }
        guard let record = try await read() else { return nil }
        records.withLock { records in
            if records.count >= capacity { records.removeAll(keepingCapacity: true) }
            records[key] = record
        }
        return record
    }
}
