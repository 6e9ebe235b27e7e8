/// One line of a simulated run's log, as `GET /monitoring/executions/{id}/logs` serves it.
public struct TalendLogLine: Sendable, Hashable {
    /// `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR` or `FATAL`.
    public var severity: String
    /// The log message.
    public var message: String

    /// Creates a log line.
    public init(severity: String = "INFO", message: String) {
        self.severity = severity
        self.message = message
    }
}
