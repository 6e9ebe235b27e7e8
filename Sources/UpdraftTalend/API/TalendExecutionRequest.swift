/// The body of `POST /processing/executions` (Talend's `Executabletask`, talend-api.md §3).
public struct TalendExecutionRequest: Sendable, Hashable, Encodable {
    /// The task id to run (the "executable"), e.g. `5fb2f5126a1cd451b07bee7a`.
    public var executable: String
    /// Overrides of the task's context parameters.
    public var parameters: [String: String]?
    /// The log level of the run.
    public var logLevel: TalendLogLevel?
    /// Talend's own execution timeout, in minutes (at least 1).
    public var timeout: Int?

    /// Creates a request.
    public init(executable: String, parameters: [String: String]? = nil, logLevel: TalendLogLevel? = nil,
                timeout: Int? = nil) {
        self.executable = executable
        self.parameters = parameters
        self.logLevel = logLevel
        self.timeout = timeout
    }
}

/// The log levels Talend accepts for a run.
public enum TalendLogLevel: String, Sendable, Hashable, Codable {
    /// No logs.
    case off = "OFF"
    /// Errors only.
    case error = "ERROR"
    /// Warnings and errors.
    case warn = "WARN"
    /// Everything down to information.
    case info = "INFO"
}
