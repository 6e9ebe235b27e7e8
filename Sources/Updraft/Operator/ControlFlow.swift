import Foundation

/// Thrown from an operator to mark its task skipped (Airflow's `AirflowSkipException`).
///
/// Downstream tasks then follow their trigger rules (with the default ``TriggerRule/allSuccess`` they are
/// skipped too). The task's `onSkippedCallback` runs.
public struct SkipTask: Error, Sendable, CustomStringConvertible {
    /// Why the task was skipped, for the task log.
    public var reason: String

    /// Creates a skip with a reason for the log.
    public init(_ reason: String = "skipped by its operator") { self.reason = reason }

    public var description: String { "SkipTask: \(reason)" }
}

/// Thrown from an operator to fail its task at once, without using its remaining retries
/// (Airflow's `AirflowFailException`).
public struct FailWithoutRetry: Error, Sendable, CustomStringConvertible {
    /// Why the task failed, recorded as its error.
    public var reason: String

    /// Creates a failure that is not retried.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// Recorded when a try of a task ran longer than its `executionTimeout` (Airflow's `AirflowTaskTimeout`).
///
/// A timeout is an ordinary failure: the task is retried if it has retries left.
public struct TaskTimeoutError: Error, Sendable, CustomStringConvertible {
    /// The task that timed out.
    public var taskID: String
    /// The limit it exceeded.
    public var timeout: Duration

    /// Creates the timeout error of `taskID`.
    public init(taskID: String, timeout: Duration) {
        self.taskID = taskID
        self.timeout = timeout
    }

    public var description: String {
        "task '\(taskID)' timed out after \(timeout.inSeconds.formatted(maxFractionDigits: 3)) s (executionTimeout)"
    }
}

extension Double {
    func formatted(maxFractionDigits digits: Int) -> String {
        var text = String(format: "%.\(digits)f", self)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
