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

/// A Talend run was still running when the operator's `timeout` passed; it was terminated.
public struct TalendJobTimedOut: Error, Sendable, CustomStringConvertible {
    /// The task id that was run.
    public var executable: String
    /// The run.
    public var executionID: String
    /// The limit.
    public var timeout: Duration
    /// The last status seen.
    public var lastStatus: String

    /// Creates the error.
    public init(executable: String, executionID: String, timeout: Duration, lastStatus: String) {
        self.executable = executable
        self.executionID = executionID
        self.timeout = timeout
        self.lastStatus = lastStatus
    }

    public var description: String {
        "Talend task \(executable) execution \(executionID) still \(lastStatus) after the operator's timeout of " +
            "\(Int(timeout.inSeconds)) s; the execution was terminated"
    }
}
