public import Foundation

/// The options of a task (Airflow's `BaseOperator` arguments), and a DAG's `defaultArgs`.
///
/// Every field is optional: `nil` means "inherit". A task's effective options are its own explicit values, then
/// the DAG's `defaultArgs`, then Airflow's defaults (see ``TaskOptions/merged(over:)`` and the accessors of
/// ``TaskNode``): explicit always wins.
public struct TaskOptions: Sendable {
    /// Informational owner of the task (default `"airflow"`).
    public var owner: String?
    /// Where failure and retry alerts are sent.
    public var email: EmailRecipients?
    /// Send an alert when the task fails (default `true`, sent only when ``email`` is set).
    public var emailOnFailure: Bool?
    /// Send an alert when the task is retried (default `true`, sent only when ``email`` is set).
    public var emailOnRetry: Bool?
    /// How many times a failed try is retried (default 0).
    public var retries: Int?
    /// The wait before a retry (default 300 s).
    public var retryDelay: Duration?
    /// The exponential backoff multiplier for retry delays: 0 or 1 is off, 2 is Airflow 2's `True` (default 0).
    public var retryExponentialBackoff: Double?
    /// The largest exponential retry delay (a 24 h cap always applies).
    public var maxRetryDelay: Duration?
    /// The longest a single try may run before it fails with ``TaskTimeoutError`` (default none).
    public var executionTimeout: Duration?
    /// When the task runs given its upstream states (default ``TriggerRule/allSuccess``).
    public var triggerRule: TriggerRule?
    /// Run only if this task succeeded or was skipped in the previous run of the DAG (default `false`).
    public var dependsOnPast: Bool?
    /// The task does not run for logical dates before this.
    public var startDate: Date?
    /// The task does not run for logical dates after this.
    public var endDate: Date?
    /// The pool whose slots the task uses (default `"default_pool"`).
    public var pool: String?
    /// How many slots of its pool a running try takes (default 1, at least 1).
    public var poolSlots: Int?
    /// Priority among ready tasks: higher runs first (default 1).
    public var priorityWeight: Int?
    /// How the effective priority is computed (default ``WeightRule/absolute``).
    public var weightRule: WeightRule?
    /// Task params, merged over the DAG's params.
    public var params: [String: JSONValue]?
    /// Push the operator's result as the XCom `return_value` (default `true`).
    public var doXComPush: Bool?
    /// Called before the operator executes.
    public var onExecuteCallback: TaskCallback?
    /// Called when the task succeeds.
    public var onSuccessCallback: TaskCallback?
    /// Called when the task fails for good.
    public var onFailureCallback: TaskCallback?
    /// Called when a failed try will be retried.
    public var onRetryCallback: TaskCallback?
    /// Called when the operator throws ``SkipTask`` (not for skips decided by trigger rules or branches).
    public var onSkippedCallback: TaskCallback?

    /// Creates options; every argument left out is inherited.
    ///
    /// Swift takes labelled arguments in the order they are declared, which is: `owner`, `email`,
    /// `emailOnFailure`, `emailOnRetry`, `retries`, `retryDelay`, `retryExponentialBackoff`, `maxRetryDelay`,
    /// `executionTimeout`, `triggerRule`, `dependsOnPast`, `startDate`, `endDate`, `pool`, `poolSlots`,
    /// `priorityWeight`, `weightRule`, `params`, `doXComPush`, `onExecuteCallback`, `onSuccessCallback`,
    /// `onFailureCallback`, `onRetryCallback`, `onSkippedCallback`. To set them in any order, as in Airflow's
    /// `default_args` dictionary, use ``init(_:)``.
    public init(
        owner: String? = nil, email: EmailRecipients? = nil, emailOnFailure: Bool? = nil, emailOnRetry: Bool? = nil,
        retries: Int? = nil, retryDelay: Duration? = nil, retryExponentialBackoff: Double? = nil,
        maxRetryDelay: Duration? = nil, executionTimeout: Duration? = nil, triggerRule: TriggerRule? = nil,
        dependsOnPast: Bool? = nil, startDate: Date? = nil, endDate: Date? = nil, pool: String? = nil,
        poolSlots: Int? = nil, priorityWeight: Int? = nil, weightRule: WeightRule? = nil,
        params: [String: JSONValue]? = nil, doXComPush: Bool? = nil,
        onExecuteCallback: TaskCallback? = nil, onSuccessCallback: TaskCallback? = nil,
        onFailureCallback: TaskCallback? = nil, onRetryCallback: TaskCallback? = nil,
        onSkippedCallback: TaskCallback? = nil
    ) {
        self.owner = owner
        self.email = email
        self.emailOnFailure = emailOnFailure
        self.emailOnRetry = emailOnRetry
        self.retries = retries
        self.retryDelay = retryDelay
        self.retryExponentialBackoff = retryExponentialBackoff
        self.maxRetryDelay = maxRetryDelay
        self.executionTimeout = executionTimeout
        self.triggerRule = triggerRule
        self.dependsOnPast = dependsOnPast
        self.startDate = startDate
        self.endDate = endDate
        self.pool = pool
        self.poolSlots = poolSlots
        self.priorityWeight = priorityWeight
        self.weightRule = weightRule
        self.params = params
        self.doXComPush = doXComPush
        self.onExecuteCallback = onExecuteCallback
        self.onSuccessCallback = onSuccessCallback
        self.onFailureCallback = onFailureCallback
        self.onRetryCallback = onRetryCallback
        self.onSkippedCallback = onSkippedCallback
    }

    /// Options set by `set`, in any order; every field it leaves alone is inherited.
    ///
    /// ```swift
    /// let defaultArgs = TaskOptions { options in
    ///     options.retryDelay = .minutes(5)
    ///     options.retries = 1
    ///     options.owner = "airflow"
    /// }
    /// ```
    public init(_ set: (inout TaskOptions) -> Void) {
        self.init()
        set(&self)
    }

    /// These options with every `nil` field taken from `defaults` (explicit values win; params are merged,
    /// task keys over default keys).
    public func merged(over defaults: TaskOptions) -> TaskOptions {
        var result = self
        result.owner = owner ?? defaults.owner
        result.email = email ?? defaults.email
        result.emailOnFailure = emailOnFailure ?? defaults.emailOnFailure
        result.emailOnRetry = emailOnRetry ?? defaults.emailOnRetry
        result.retries = retries ?? defaults.retries
        result.retryDelay = retryDelay ?? defaults.retryDelay
        result.retryExponentialBackoff = retryExponentialBackoff ?? defaults.retryExponentialBackoff
        result.maxRetryDelay = maxRetryDelay ?? defaults.maxRetryDelay
        result.executionTimeout = executionTimeout ?? defaults.executionTimeout
        result.triggerRule = triggerRule ?? defaults.triggerRule
        result.dependsOnPast = dependsOnPast ?? defaults.dependsOnPast
        result.startDate = startDate ?? defaults.startDate
        result.endDate = endDate ?? defaults.endDate
        result.pool = pool ?? defaults.pool
        result.poolSlots = poolSlots ?? defaults.poolSlots
        result.priorityWeight = priorityWeight ?? defaults.priorityWeight
        result.weightRule = weightRule ?? defaults.weightRule
        if let defaultParams = defaults.params {
            result.params = defaultParams.merging(params ?? [:]) { _, task in task }
        }
        result.doXComPush = doXComPush ?? defaults.doXComPush
        result.onExecuteCallback = onExecuteCallback ?? defaults.onExecuteCallback
        result.onSuccessCallback = onSuccessCallback ?? defaults.onSuccessCallback
        result.onFailureCallback = onFailureCallback ?? defaults.onFailureCallback
        result.onRetryCallback = onRetryCallback ?? defaults.onRetryCallback
        result.onSkippedCallback = onSkippedCallback ?? defaults.onSkippedCallback
        return result
    }
}
