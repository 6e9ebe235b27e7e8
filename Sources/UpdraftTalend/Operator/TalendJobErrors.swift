import Updraft

/// A Talend run ended without success: failed, never deployed, timed out, terminated, or rejected rows.
public struct TalendJobFailed: Error, Sendable, CustomStringConvertible {
    /// The task id that was run.
    public var executable: String
    /// The run.
    public var executionID: String
    /// Talend's final status of the run.
    public var status: TalendExecutionStatus

    /// Creates the error.
    public init(executable: String, executionID: String, status: TalendExecutionStatus) {
        self.executable = executable
        self.executionID = executionID
        self.status = status
    }

    public var description: String {
        var text = "Talend task \(executable) execution \(executionID) ended \(status.statusText)"
        if let reason = status.misfiredExecutionReason { text += " [\(reason)]" }
        if let message = status.errorMessage, !message.isEmpty { text += ": \(message)" }
        if let rejected = status.numberOfRejectedRows, rejected > 0 { text += " (\(rejected) rejected rows)" }
        return text
    }
}

/// A Talend run was still running when the operator's `timeout` passed; the operator asked Talend to terminate it.
public struct TalendJobTimedOut: Error, Sendable, CustomStringConvertible {
    /// The task id that was run.
    public var executable: String
    /// The run.
    public var executionID: String
    /// The limit.
    public var timeout: Duration
    /// The last status seen.
    public var lastStatus: String
    /// Whether Talend accepted the termination (false: the run may still be going; the task log says why).
    public var terminated: Bool

    /// Creates the error.
    public init(executable: String, executionID: String, timeout: Duration, lastStatus: String,
                terminated: Bool = true) {
        self.executable = executable
        self.executionID = executionID
        self.timeout = timeout
        self.lastStatus = lastStatus
        self.terminated = terminated
    }

    public var description: String {
        "Talend task \(executable) execution \(executionID) still \(lastStatus) after the operator's timeout of " +
            "\(Int(timeout.inSeconds)) s; " + TalendTermination.outcome(terminated)
    }
}

/// The status of a Talend run could not be read for longer than the operator's `statusFailureTolerance` (Talend
/// unreachable, answering 429/5xx, or answering something that is not JSON); the operator stopped following the
/// run and asked Talend to terminate it, so it does not go on unobserved.
public struct TalendStatusUnavailable: Error, Sendable, CustomStringConvertible {
    /// The task id that was run.
    public var executable: String
    /// The run.
    public var executionID: String
    /// How many status reads failed in a row.
    public var failedPolls: Int
    /// How long they kept failing.
    public var duration: Duration
    /// The last failure.
    public var lastError: String
    /// Whether Talend accepted the termination (false: the run may still be going; a retry of the task reattaches
    /// to it rather than starting a second one).
    public var terminated: Bool

    /// Creates the error.
    public init(executable: String, executionID: String, failedPolls: Int, duration: Duration, lastError: String,
                terminated: Bool) {
        self.executable = executable
        self.executionID = executionID
        self.failedPolls = failedPolls
        self.duration = duration
        self.lastError = lastError
        self.terminated = terminated
    }

    public var description: String {
        "Talend task \(executable) execution \(executionID): status unavailable for \(failedPolls) polls over " +
            "\(Int(duration.inSeconds)) s (last: \(lastError)); " + TalendTermination.outcome(terminated)
    }
}

/// The closing words of an error about a run the operator tried to terminate.
enum TalendTermination {
    static func outcome(_ terminated: Bool) -> String {
        terminated ? "the execution was terminated"
            : "terminating the execution failed, so it may still run; a retry follows it instead of starting another"
    }
}
