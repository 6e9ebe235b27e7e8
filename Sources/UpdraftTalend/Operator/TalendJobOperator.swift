public import Updraft
import Logging
import UpdraftHTTP

/// Runs a Talend Cloud task and waits for it (talend-api.md §3–§5): the task succeeds only when the Talend run
/// succeeded, so downstream tasks can rely on its output, and the run's log is copied into the task log.
///
/// ```swift
/// dag.task("talend_job", TalendJobOperator(executable: "5fb2f5126a1cd451b07bee7a", talendConnID: "talend_api",
///                                          apiPrefix: .legacy))
/// ```
/// The execution id is pushed as the task's XCom result as soon as the run starts. The status is polled from
/// `pollInterval`, the wait doubling up to `maxPollInterval`; new log lines are fetched after each poll. A run that
/// fails (or is rejected, by default) fails the task with Talend's status and message (``TalendJobFailed``). When
/// the task is cancelled, `timeout` passes or the run cannot be followed any more, the run is terminated in
/// Talend. A try never leaves a second run going: a retry first follows the run an earlier try may have left
/// (see <doc:TalendJobOperatorGuide>). A configuration error (unknown or malformed connection, 401/403) fails the
/// try at once, without retries.
public struct TalendJobOperator: Operator {
    /// The execution id.
    public typealias Output = String
    public static var operatorName: String { "TalendJobOperator" }

    /// What an `EXECUTION_REJECTED` run (it ran, with rejected rows) means for the task.
    public enum RejectedRunPolicy: Sendable, Hashable {
        /// Fail the task (the default, as Talend's Jenkins plugin does).
        case fail
        /// Succeed with a warning in the task log.
        case succeed
    }

    /// The task id to run.
    public var executable: String
    /// The connection id (default `talend_api`).
    public var talendConnID: String
    /// Context parameter overrides.
    public var parameters: [String: String]
    /// The run's log level.
    public var logLevel: TalendLogLevel?
    /// Talend's own execution timeout, sent in whole minutes (at least one, rounded up).
    public var talendTimeout: Duration?
    /// The endpoints' prefix; nil uses the connection's (`/processing` unless its `api_prefix` extra says
    /// otherwise).
    public var apiPrefix: TalendAPIPrefix?
    /// Wait for the run to end (default); false returns right after the start, like the seed's DAG.
    public var waitForCompletion: Bool
    /// The first wait between status polls (default 10 s).
    public var pollInterval: Duration
    /// The longest wait between polls (default 60 s).
    public var maxPollInterval: Duration
    /// How long to wait for the run before terminating it and failing; nil waits as long as the run lasts (the
    /// task's `executionTimeout` still applies).
    public var timeout: Duration?
    /// How long a 404 on the status right after the start is taken as "not visible yet" (default 30 s).
    public var notFoundGracePeriod: Duration
    /// How long status reads may keep failing (Talend unreachable, answering 429/5xx or something that is not
    /// JSON) before the operator stops following the run, terminates it and fails the try (default 5 minutes).
    public var statusFailureTolerance: Duration
    /// Copy the run's log into the task log.
    public var streamLogs: Bool
    /// The wait after the run ended before the last log read: Talend's log lags the run by about 30 s and it
    /// advises waiting that long for a complete log (default 0: the task ends at once, the log's tail may miss).
    public var finalLogDelay: Duration
    /// What an `EXECUTION_REJECTED` run means.
    public var rejectedRunPolicy: RejectedRunPolicy

    /// Creates the operator.
    public init(
        executable: String, talendConnID: String = "talend_api", parameters: [String: String] = [:],
        logLevel: TalendLogLevel? = nil, talendTimeout: Duration? = nil, apiPrefix: TalendAPIPrefix? = nil,
        waitForCompletion: Bool = true, pollInterval: Duration = .seconds(10), maxPollInterval: Duration = .seconds(60),
        timeout: Duration? = nil, notFoundGracePeriod: Duration = .seconds(30),
        statusFailureTolerance: Duration = .minutes(5), streamLogs: Bool = true, finalLogDelay: Duration = .zero,
        rejectedRunPolicy: RejectedRunPolicy = .fail
    ) {
        self.executable = executable
        self.talendConnID = talendConnID
        self.parameters = parameters
        self.logLevel = logLevel
        self.talendTimeout = talendTimeout
        self.apiPrefix = apiPrefix
        self.waitForCompletion = waitForCompletion
        self.pollInterval = pollInterval
        self.maxPollInterval = maxPollInterval
        self.timeout = timeout
        self.notFoundGracePeriod = notFoundGracePeriod
        self.statusFailureTolerance = statusFailureTolerance
        self.streamLogs = streamLogs
        self.finalLogDelay = finalLogDelay
        self.rejectedRunPolicy = rejectedRunPolicy
    }

    public func execute(context: TaskContext) async throws -> String {
        try await failingAtOnceWhenPermanent {
            let hook = try talendHook(context: context)
            if let interrupted = TalendExecutionHandle.executionID(context.interruptedWork) {
                // This try started the execution before its process died: follow it, never start another.
                context.logger.info("Following Talend execution \(interrupted), started before a restart")
                if let status = try await settleEarlierExecution(interrupted, hook: hook, context: context,
                                                                 restarted: true) {
                    return try conclude(status, executionID: interrupted, logger: context.logger)
                }
            } else if let earlier = try await TalendExecutionHandle.unsettledEarlier(context),
               let status = try await settleEarlierExecution(earlier, hook: hook, context: context) {
                if endedWell(status) { return try conclude(status, executionID: earlier, logger: context.logger) }
                context.logger.info("""
                    Talend execution \(earlier) of an earlier try ended \(status.statusText); starting a new one
                    """)
            }
            let request = TalendExecutionRequest(
                executable: executable, parameters: parameters.isEmpty ? nil : parameters, logLevel: logLevel,
                timeout: talendTimeoutInMinutes)
            let executionID = try await hook.startExecution(request, logger: context.logger)
            // Recorded the moment Talend answers, before any waiting: a resume follows it instead of starting another.
            try await remember(executionID, settled: false, context: context)
            context.logger.info("Started Talend task \(executable): execution \(executionID)")
            guard waitForCompletion else {
                try await context.xcom.push(executionID, key: XComAccess.returnValueKey)
                return executionID
            }
            let status = try await watch(executionID, hook: hook, context: context,
                                         notFoundGracePeriod: notFoundGracePeriod)
            return try conclude(status, executionID: executionID, logger: context.logger)
        }
    }

    /// Follows an execution that is already running until it ends, without starting one; the task then ends as
    /// for a run it started (the id as its result, ``TalendJobFailed`` when the run did not succeed). The entry
    /// point of a try that resumes a run recorded earlier, for example after a restart.
    ///
    /// If following fails (status reads failing beyond ``statusFailureTolerance``, the operator's ``timeout``, a
    /// refused token) or the task is cancelled, the execution is terminated, best effort and logged, before the
    /// try ends.
    /// - Parameters:
    ///   - executionID: the Talend execution to follow.
    ///   - context: the try's context.
    /// - Returns: the execution id.
    /// - Throws: ``TalendJobFailed``, ``TalendJobTimedOut``, ``TalendStatusUnavailable``, `FailWithoutRetry` for a
    ///   configuration error, `CancellationError`.
    public func follow(executionID: String, context: TaskContext) async throws -> String {
        try await failingAtOnceWhenPermanent {
            let hook = try talendHook(context: context)
            let status = try await watch(executionID, hook: hook, context: context, notFoundGracePeriod: .zero)
            return try conclude(status, executionID: executionID, logger: context.logger)
        }
    }

    /// The hook for the connection (an override in tests), with this operator's prefix when it sets one.
    private func talendHook(context: TaskContext) throws -> any TalendCloudHook {
        let clock = context.clock
        let masker = context.masker
        let hook = try context.hooks.hook((any TalendCloudHook).self, connID: talendConnID) { generic in
            LiveTalendCloudHook(connection: try TalendConnection(generic), clock: clock, masker: masker)
        }
        guard let apiPrefix, var live = hook as? LiveTalendCloudHook else { return hook }
        live.apiPrefix = apiPrefix
        return live
    }
}

extension TalendJobOperator {
    /// Talend's own execution timeout in minutes.
    @available(*, deprecated, renamed: "talendTimeout", message: "a Duration, as every time of the API")
    public var talendTimeoutMinutes: Int? {
        get { talendTimeoutInMinutes }
        set { talendTimeout = newValue.map { .seconds($0 * 60) } }
    }

    /// ``talendTimeout`` as Talend takes it: whole minutes, at least one.
    var talendTimeoutInMinutes: Int? { talendTimeout.map { max(1, Int(($0.inSeconds / 60).rounded(.up))) } }
}
