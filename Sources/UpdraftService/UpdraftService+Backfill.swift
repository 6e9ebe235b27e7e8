public import Foundation
public import Updraft

extension UpdraftService {
    /// Creates the backfill runs of `dagID` (Airflow's `backfill create`): one per logical date its timetable gives
    /// from `start` through `end`, oldest first, each queued with run type `backfill` and id `backfill__<date>`.
    /// Dates that already have a scheduled or backfill run are skipped. A running service starts them oldest first
    /// within the DAG's `maxActiveRuns`; ``runBackfill(dagID:from:through:)`` runs them in this process.
    /// - Returns: the runs created.
    /// - Throws: ``UpdraftServiceError`` for a DAG this service does not serve; the store's errors.
    @discardableResult
    public func createBackfill(dagID: String, from start: Date, through end: Date) async throws -> [DAGRunRecord] {
        guard let dag = dags.first(where: { $0.dagID == dagID }) else {
            throw UpdraftServiceError.unknownDAG(dagID, served: dags.map(\.dagID))
        }
        let restriction = TimeRestriction(earliest: start, latest: end, catchup: true)
        var created: [DAGRunRecord] = []
        var last: DataInterval?
        let store = engine.store
        while let info = dag.timetable.nextRun(after: last, restriction: restriction, now: end) {
            last = info.dataInterval
            let run = DAGRunRecord(
                dagID: dagID, runID: RunID.backfill(logicalDate: info.logicalDate),
                logicalDate: info.logicalDate, state: .queued, runType: .backfill,
                dataIntervalStart: info.dataInterval.start, dataIntervalEnd: info.dataInterval.end,
                runAfter: info.runAfter)
            do {
                try await store.createRun(run)
                created.append(run)
            } catch RunStoreError.logicalDateTaken, RunStoreError.runExists {
                continue  // that date has its run already
            }
        }
        return created
    }

    /// Creates the backfill runs (``createBackfill(dagID:from:through:)``) and runs them in this process, oldest
    /// first within `maxActiveRuns`, creating no scheduled runs; returns when all have finished (Airflow 2's
    /// `dags backfill`), with their final records.
    public func runBackfill(dagID: String, from start: Date, through end: Date) async throws -> [DAGRunRecord] {
        let created = try await createBackfill(dagID: dagID, from: start, through: end)
        guard !created.isEmpty, let dag = dags.first(where: { $0.dagID == dagID }) else { return [] }
        let loop = SchedulerLoop(dags: [dag], engine: leasingEngine, configuration: configuration,
                                 shutdown: ShutdownRequest(), heartbeat: heartbeat,
                                 mode: .drain(Set(created.map(\.runID))))
        try await loop.run()
        var finished: [DAGRunRecord] = []
        for run in created {
            if let stored = try await engine.store.run(dagID: dagID, runID: run.runID) { finished.append(stored) }
        }
        return finished
    }
}

/// Why a service refused a request.
public enum UpdraftServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The DAG is not among those the service serves.
    case unknownDAG(String, served: [String])

    public var description: String {
        switch self {
        case .unknownDAG(let dagID, let served):
            "DAG '\(dagID)' is not served here (served: \(served.joined(separator: ", ")))"
        }
    }
}
