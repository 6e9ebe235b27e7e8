/// A page of `GET /monitoring/executions/{id}/logs` (talend-api.md §5).
public struct TalendLogPage: Sendable, Hashable, Codable {
    /// The lines of the page.
    public var data: [TalendLogEntry]
    /// The index of the next page; nil on the last page.
    public var nextIndex: Int?

    /// Creates a page.
    public init(data: [TalendLogEntry], nextIndex: Int? = nil) {
        self.data = data
        self.nextIndex = nextIndex
    }

    /// No lines (the run has no logs yet).
    public static let empty = TalendLogPage(data: [])
}

/// One line of a run's log.
public struct TalendLogEntry: Sendable, Hashable, Codable {
    /// Epoch milliseconds.
    public var logTimestamp: Int64?
    /// `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR` or `FATAL`.
    public var severity: String?
    /// The message.
    public var logMessage: String

    /// Creates a line.
    public init(logTimestamp: Int64? = nil, severity: String? = "INFO", logMessage: String) {
        self.logTimestamp = logTimestamp
        self.severity = severity
        self.logMessage = logMessage
    }
}
