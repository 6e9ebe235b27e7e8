public import Logging
public import Updraft

/// Talks to the Talend Cloud executions API for one connection: the seam ``TalendJobOperator`` uses and tests
/// replace (`MockTalendCloudHook` in UpdraftTesting).
public protocol TalendCloudHook: Hook {
    /// Starts a run of a task.
    /// - Returns: the execution id.
    /// - Throws: ``TalendAPIError`` (401, 403, 404 unknown task, 405 paused, …), transport errors.
    func startExecution(_ request: TalendExecutionRequest, logger: Logger) async throws -> String
    /// The status of a run.
    /// - Throws: ``TalendAPIError`` (404 unknown run, …), transport errors.
    func executionStatus(_ executionID: String, logger: Logger) async throws -> TalendExecutionStatus
    /// A page of the run's log, oldest first from `startIndex`; ``TalendLogPage/empty`` when it has none yet.
    /// - Throws: ``TalendAPIError``, transport errors.
    func executionLogs(_ executionID: String, startIndex: Int, count: Int, logger: Logger) async throws
        -> TalendLogPage
    /// Stops a run; succeeds when the run is already finished or unknown.
    /// - Throws: ``TalendAPIError``, transport errors.
    func terminateExecution(_ executionID: String, logger: Logger) async throws
}
