import Foundation

/// Why a run store refused or failed an operation. Every case names what it is about.
public enum RunStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `createRun` of a run id that exists.
    case runExists(dagID: String, runID: String)
    /// `createRun` of a scheduled or backfill run for a logical date another such run of the DAG already has.
    case logicalDateTaken(dagID: String, logicalDate: String, existingRunID: String)
    /// The run is not in the store.
    case runNotFound(dagID: String, runID: String)
    /// Another live process owns the run.
    case runOwned(dagID: String, runID: String, owner: RunLease)
    /// The lease this process held was taken over or released (it expired while the process was stalled).
    case leaseLost(dagID: String, runID: String)
    /// A queued run cannot start: its DAG already has `limit` (its `maxActiveRuns`) other runs active.
    case activeRunsFull(dagID: String, runID: String, limit: Int)
    /// A claimed try was taken away from this process: its run's owner stopped the run, or took the try over once
    /// the claim lapsed.
    case tryClaimLost(dagID: String, runID: String, taskID: String, tryNumber: Int)
    /// The DAG was never registered with the store (no service has run it).
    case dagNotFound(dagID: String)
    /// The store itself failed: the database is unreachable, corrupted, read-only, full, or of an unknown version.
    case storage(location: String, message: String)

    public var description: String {
        switch self {
        case .runExists(let dagID, let runID):
            "run '\(runID)' of DAG '\(dagID)' already exists (resume it explicitly, or choose another run id)"
        case .logicalDateTaken(let dagID, let logicalDate, let existingRunID):
            "DAG '\(dagID)' already has run '\(existingRunID)' for logical date \(logicalDate)"
        case .runNotFound(let dagID, let runID):
            "no run '\(runID)' of DAG '\(dagID)' in the store"
        case .runOwned(let dagID, let runID, let owner):
            "run '\(runID)' of DAG '\(dagID)' is being run by \(owner.ownerDescription) (lease until "
                + "\(owner.expiresAt.formatted(.iso8601))); stop that process or wait for its lease to expire"
        case .leaseLost(let dagID, let runID):
            "this process no longer owns run '\(runID)' of DAG '\(dagID)': its lease expired and was taken over"
        case .activeRunsFull(let dagID, let runID, let limit):
            "run '\(runID)' of DAG '\(dagID)' stays queued: the DAG already has \(limit) active runs (maxActiveRuns)"
        case .tryClaimLost(let dagID, let runID, let taskID, let tryNumber):
            "try \(tryNumber) of task '\(taskID)' in run '\(runID)' of DAG '\(dagID)' is no longer claimed by this "
                + "process: the run's owner stopped the run or took the try over"
        case .dagNotFound(let dagID):
            "DAG '\(dagID)' is not in the store: start a service that serves it (serve) first"
        case .storage(let location, let message):
            "run store \(location): \(message)"
        }
    }
}
