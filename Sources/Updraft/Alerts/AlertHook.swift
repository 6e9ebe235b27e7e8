public import Foundation

/// A failure or retry alert for a task (what Airflow mails for `email_on_failure` / `email_on_retry`).
public struct TaskAlert: Sendable, Hashable {
    /// Why the alert is sent.
    public enum Kind: String, Sendable, Hashable {
        /// The task failed for good.
        case failure
        /// A try failed and the task will be retried.
        case retry
    }

    /// Failure or retry.
    public var kind: Kind
    /// Where it goes: the task's `email`.
    public var recipients: EmailRecipients
    /// The DAG.
    public var dagID: String
    /// The task.
    public var taskID: String
    /// The run.
    public var runID: String
    /// The run's logical date.
    public var logicalDate: Date
    /// The try that failed (1-based).
    public var tryNumber: Int
    /// Retries + 1.
    public var maxTries: Int
    /// The error, already masked.
    public var error: String
    /// The host the task ran on.
    public var hostname: String

    /// Creates an alert.
    public init(kind: Kind, recipients: EmailRecipients, dagID: String, taskID: String, runID: String,
                logicalDate: Date, tryNumber: Int, maxTries: Int, error: String, hostname: String) {
        self.kind = kind
        self.recipients = recipients
        self.dagID = dagID
        self.taskID = taskID
        self.runID = runID
        self.logicalDate = logicalDate
        self.tryNumber = tryNumber
        self.maxTries = maxTries
        self.error = error
        self.hostname = hostname
    }
}

/// Delivers task alerts (the email module provides one that mails them over SMTP).
///
/// The engine calls it for tasks with `emailOnFailure` / `emailOnRetry` and an `email`; an alert that cannot be
/// delivered is logged and never changes the task's outcome.
public protocol AlertHook: Hook {
    /// Delivers one alert.
    func send(_ alert: TaskAlert) async throws
}
