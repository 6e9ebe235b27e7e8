/// How a simulated Talend task behaves when it is executed: how it answers the start request, how many status
/// polls its run takes, how it ends and what it logs.
///
/// Progress is counted in status polls, never in wall time: the `pollsUntilFinished`-th status request of a run
/// reports its terminal state, so tests are deterministic. Build scripts with the static members
/// (``succeeds(afterPolls:logLines:processedRows:)``, ``fails(message:afterPolls:logLines:)``, …).
public struct TalendJobScript: Sendable {
    /// The terminal state a run reaches (`nil` for a run that only ends when terminated).
    var terminal: TalendExecutionState?
    /// The HTTP error the start request answers instead of 201 (paused, not configured, forbidden).
    var startFailure: TalendErrorResponse?
    /// The status poll (1-based) that first reports the terminal state.
    public var pollsUntilFinished: Int
    /// The lines the run logs, oldest first.
    public var logLines: [TalendLogLine]
    /// `numberOfProcessedRows` reported once the run has finished.
    public var processedRows: Int?
    /// `numberOfRejectedRows` reported once the run has finished.
    public var rejectedRows: Int?

    /// The default log of a successful run.
    public static let defaultLogLines: [TalendLogLine] = [
        TalendLogLine(severity: "INFO", message: "Job started"),
        TalendLogLine(severity: "INFO", message: "Processing rows"),
        TalendLogLine(severity: "INFO", message: "Job finished"),
    ]

    /// The run goes through dispatching and executing and ends with `EXECUTION_SUCCESS`/`execution_successful`.
    /// - Parameters:
    ///   - afterPolls: The status poll that reports success; earlier polls report
    ///     `EXECUTION_EVENT_RECEIVED`, `DISPATCHING_FLOW`, then `STARTING_FLOW_EXECUTION`.
    ///   - logLines: What the run logs.
    ///   - processedRows: The reported `numberOfProcessedRows`.
    public static func succeeds(
        afterPolls: Int = 4, logLines: [TalendLogLine] = defaultLogLines, processedRows: Int = 42
    ) -> TalendJobScript {
        TalendJobScript(
            terminal: .succeeded, pollsUntilFinished: afterPolls, logLines: logLines, processedRows: processedRows,
            rejectedRows: 0)
    }

    /// The run ends with `EXECUTION_FAILED`/`execution_failed`, `errorMessage` set to `message` and an `ERROR` log line.
    public static func fails(
        message: String = "java.lang.RuntimeException: tDie_1 - Job failed", afterPolls: Int = 4,
        logLines: [TalendLogLine] = [TalendLogLine(severity: "INFO", message: "Job started")]
    ) -> TalendJobScript {
        TalendJobScript(
            terminal: .failed(message: message), pollsUntilFinished: afterPolls,
            logLines: logLines + [TalendLogLine(severity: "ERROR", message: message)], processedRows: 0,
            rejectedRows: 0)
    }

    /// The run ends with `EXECUTION_REJECTED`/`execution_rejected`: it ran but produced `rejectedRows` rejected rows
    /// (whether that fails the task is the client's policy).
    public static func rejectsRows(_ rejectedRows: Int = 3, processedRows: Int = 40, afterPolls: Int = 4)
        -> TalendJobScript
    {
        TalendJobScript(
            terminal: .rejected, pollsUntilFinished: afterPolls,
            logLines: defaultLogLines + [TalendLogLine(severity: "WARN", message: "\(rejectedRows) rows rejected")],
            processedRows: processedRows, rejectedRows: rejectedRows)
    }

    /// The run never starts: it ends with `DEPLOY_FAILED`/`deploy_failed`, a `misfiredExecutionReason` and no logs
    /// (the log endpoint answers 404), as when another instance of the task is still running.
    public static func deployFails(
        reason: String = "PARALLEL_EXECUTION_FORBIDDEN",
        message: String =
            "Exceeded the limit of deployment attempts: another instance of the same task was running on the engine at same time",
        afterPolls: Int = 2
    ) -> TalendJobScript {
        TalendJobScript(
            terminal: .deployFailed(reason: reason, message: message), pollsUntilFinished: afterPolls, logLines: [])
    }

    /// The run exceeds its time limit: `EXECUTION_TERMINATED_TIMEOUT`/`terminated_timeout`.
    public static func timesOut(afterPolls: Int = 4) -> TalendJobScript {
        TalendJobScript(
            terminal: .timedOut, pollsUntilFinished: afterPolls,
            logLines: [TalendLogLine(severity: "INFO", message: "Job started")])
    }

    /// The run keeps executing until a `DELETE` terminates it (then `STOPPING_FLOW_EXECUTION`, then
    /// `EXECUTION_TERMINATED`/`terminated`).
    public static func runsUntilTerminated(logLines: [TalendLogLine] = [
        TalendLogLine(severity: "INFO", message: "Job started"),
        TalendLogLine(severity: "INFO", message: "Waiting for input"),
    ]) -> TalendJobScript {
        TalendJobScript(terminal: nil, pollsUntilFinished: Int.max, logLines: logLines)
    }

    /// The start request answers 405 "Current Task is paused, it can't be executed".
    public static let paused = startFails(status: 405, message: "Current Task is paused, it can't be executed")
    /// The start request answers 501 "Task cannot be deployed because it is not configured".
    public static let notConfigured = startFails(
        status: 501, message: "Task cannot be deployed because it is not configured")
    /// The start request answers 403 "Forbidden - no permissions to access resource".
    public static let forbidden = startFails(status: 403, message: "Forbidden")

    private static func startFails(status: Int, message: String) -> TalendJobScript {
        TalendJobScript(
            terminal: .succeeded, startFailure: TalendErrorResponse(status: status, message: message),
            pollsUntilFinished: 1, logLines: [])
    }
}
