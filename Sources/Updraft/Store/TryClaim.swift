public import Foundation

/// A process's claim on tries that a run's owner queued for whichever process sharing the store has room for them
/// (Airflow's executor picking up queued task instances): who holds it, on which host, and until when. The claimer
/// renews it while its tries run (``RunStore/renewTryClaims(_:)``); once it lapses, the run's owner takes the tries
/// over (``RunStore/collectClaimedTries(dagID:runID:takeOver:now:)``).
public struct TryClaim: Sendable, Hashable {
    /// The claiming process, unique across processes sharing the store.
    public var ownerID: String
    /// The host it runs on, written as the try's hostname.
    public var hostname: String
    /// When the claim lapses unless renewed.
    public var expiresAt: Date

    /// Creates a claim.
    public init(ownerID: String, hostname: String, expiresAt: Date) {
        self.ownerID = ownerID
        self.hostname = hostname
        self.expiresAt = expiresAt
    }
}

/// A try claimed by a process: which one, and what running it needs besides its run's record.
public struct ClaimedTry: Sendable, Hashable {
    /// The DAG.
    public var dagID: String
    /// The run.
    public var runID: String
    /// The task.
    public var taskID: String
    /// The try's number.
    public var tryNumber: Int
    /// The task instance's retries + 1.
    public var maxTries: Int

    /// Creates a claimed try.
    public init(dagID: String, runID: String, taskID: String, tryNumber: Int, maxTries: Int) {
        self.dagID = dagID
        self.runID = runID
        self.taskID = taskID
        self.tryNumber = tryNumber
        self.maxTries = maxTries
    }
}

/// What a run's owner learns of the tries it queued for claiming
/// (``RunStore/collectClaimedTries(dagID:runID:takeOver:now:)``).
public struct ClaimedTryCollection: Sendable, Hashable {
    /// The claimed tries that ended, as their claimers wrote them; their task instances are still running.
    public var ended: [ClaimedTryEnd]
    /// Task instances whose try's claim lapsed (its claimer died or stalled): now claimed by the run's owner, which
    /// reattaches to the try's remote work or counts the try as interrupted.
    public var takenOver: [TaskInstanceRecord]
    /// The tasks whose try is still out: queued, or running under a live claim.
    public var outstanding: [String]

    /// Creates a collection.
    public init(ended: [ClaimedTryEnd] = [], takenOver: [TaskInstanceRecord] = [], outstanding: [String] = []) {
        self.ended = ended
        self.takenOver = takenOver
        self.outstanding = outstanding
    }
}

/// A claimed try that ended: its task and the try as its claimer wrote it (its outcome, error, host and times).
public struct ClaimedTryEnd: Sendable, Hashable {
    /// The task.
    public var taskID: String
    /// The try, ended.
    public var attempt: TryRecord

    /// Creates an end.
    public init(taskID: String, attempt: TryRecord) {
        self.taskID = taskID
        self.attempt = attempt
    }
}
