/// The state of one task in one DAG run (Airflow's task instance states).
public enum TaskInstanceState: String, Sendable, Codable, Hashable, CaseIterable {
    /// Not scheduled yet: waiting for its upstream tasks (Airflow's `None`).
    case pending = "none"
    /// Its dependencies are met; waiting for a free slot (pool or `maxActiveTasks`).
    case scheduled
    /// Given a slot; about to start.
    case queued
    /// Its operator is executing.
    case running
    /// Finished successfully.
    case success
    /// Finished with an error and no retries left (or failed without retry).
    case failed
    /// Failed, and will be tried again after its retry delay.
    case upForRetry = "up_for_retry"
    /// Never ran because an upstream task failed (per its trigger rule).
    case upstreamFailed = "upstream_failed"
    /// Skipped: by a branch, by its trigger rule, or because it raised ``SkipTask``.
    case skipped
    /// Removed from the DAG after the run started (kept for Airflow parity; a stored run may contain it).
    case removed

    /// Whether the state is final for this run.
    public var isFinished: Bool {
        switch self {
        case .success, .failed, .upstreamFailed, .skipped, .removed: true
        default: false
        }
    }
}

/// The state of a whole DAG run.
public enum DAGRunState: String, Sendable, Codable, Hashable {
    /// Created, not started.
    case queued
    /// Tasks are running.
    case running
    /// Every leaf task succeeded or was skipped.
    case success
    /// A leaf task failed or was upstream-failed, the run timed out, was cancelled or deadlocked.
    case failed

    /// Whether the run has ended (success or failed): nothing runs in it until it is resumed or cleared.
    public var isFinished: Bool { self == .success || self == .failed }
}
