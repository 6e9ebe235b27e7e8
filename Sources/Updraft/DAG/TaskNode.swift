/// A task of a built DAG: its id, operator and effective options (explicit values over the DAG's `defaultArgs`),
/// with Airflow's defaults for whatever neither sets.
///
/// A class rather than a struct because the engine hands nodes around on its hot path: passing one is a retain,
/// not a copy of every option. It is immutable, hence `Sendable`.
public final class TaskNode: Sendable {
    /// The task id.
    public let taskID: String
    /// What the task does.
    public let op: any Operator
    /// The merged options (nil fields take the defaults below).
    public let options: TaskOptions

    init(taskID: String, op: any Operator, options: TaskOptions) {
        self.taskID = taskID
        self.op = op
        self.options = options
    }

    /// The operator's name, for listings.
    public var operatorName: String { type(of: op).operatorName }
    /// Whether its tries start on the engine's thread (see ``Operator/startsImmediately``).
    var startsImmediately: Bool { type(of: op).startsImmediately }
    /// Owner (default `"airflow"`).
    public var owner: String { options.owner ?? "airflow" }
    /// Retries (default 0).
    public var retries: Int { options.retries ?? 0 }
    /// Retry delay (default 300 s).
    public var retryDelay: Duration { options.retryDelay ?? .seconds(300) }
    /// Exponential backoff multiplier (default 0, off).
    public var retryExponentialBackoff: Double { options.retryExponentialBackoff ?? 0 }
    /// Trigger rule (default all_success).
    public var triggerRule: TriggerRule { options.triggerRule ?? .allSuccess }
    /// Pool (default `"default_pool"`).
    public var pool: String { options.pool ?? Pools.defaultPoolName }
    /// Pool slots (default 1).
    public var poolSlots: Int { options.poolSlots ?? 1 }
    /// Priority weight (default 1).
    public var priorityWeight: Int { options.priorityWeight ?? 1 }
    /// Weight rule (default absolute; see ``WeightRule``).
    public var weightRule: WeightRule { options.weightRule ?? .absolute }
    /// Depends on past (default false).
    public var dependsOnPast: Bool { options.dependsOnPast ?? false }
    /// Push the result to XCom (default true).
    public var doXComPush: Bool { options.doXComPush ?? true }
    /// Email on failure (default true; needs `email`).
    public var emailOnFailure: Bool { options.emailOnFailure ?? true }
    /// Email on retry (default true; needs `email`).
    public var emailOnRetry: Bool { options.emailOnRetry ?? true }
}
