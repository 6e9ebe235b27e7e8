/// The status of a run (`JobExecutionStatusV21`, talend-api.md §4), decoded leniently: only what a client needs.
public struct TalendExecutionStatus: Sendable, Hashable, Codable {
    /// The run's id.
    public var executionId: String
    /// The task id.
    public var jobId: String?
    /// The coarse status: `dispatching`, `executing`, `execution_successful`, `execution_failed`, …
    public var status: String?
    /// The detailed status: `EXECUTION_EVENT_RECEIVED`, …, `EXECUTION_SUCCESS`, `EXECUTION_FAILED`, …
    public var executionStatus: String?
    /// When the run started, RFC 3339.
    public var startTimestamp: String?
    /// When the run ended, RFC 3339.
    public var finishTimestamp: String?
    /// The kind of error of a failed run.
    public var errorType: String?
    /// Talend's message for a failed run.
    public var errorMessage: String?
    /// Why a run never started (`PARALLEL_EXECUTION_FORBIDDEN`, …).
    public var misfiredExecutionReason: String?
    /// Rows processed.
    public var numberOfProcessedRows: Int?
    /// Rows rejected.
    public var numberOfRejectedRows: Int?

    /// Creates a status (for mocks).
    public init(executionId: String, status: String?, executionStatus: String?, errorMessage: String? = nil,
                misfiredExecutionReason: String? = nil, numberOfProcessedRows: Int? = nil,
                numberOfRejectedRows: Int? = nil) {
        self.executionId = executionId
        self.status = status
        self.executionStatus = executionStatus
        self.errorMessage = errorMessage
        self.misfiredExecutionReason = misfiredExecutionReason
        self.numberOfProcessedRows = numberOfProcessedRows
        self.numberOfRejectedRows = numberOfRejectedRows
    }

    /// Where the run is, by talend-api.md §4's client rule: terminal only when neither field is in flight; the
    /// coarse `status` first, `executionStatus` as fallback.
    public var phase: TalendExecutionPhase {
        let inFlightDetailed: Set<String> = [
            "EXECUTION_EVENT_RECEIVED", "DISPATCHING_FLOW", "STARTING_FLOW_EXECUTION", "STOPPING_FLOW_EXECUTION",
        ]
        if let status, ["dispatching", "executing"].contains(status) { return .inFlight }
        if let executionStatus, inFlightDetailed.contains(executionStatus) { return .inFlight }
        switch status ?? executionStatus {
        case "execution_successful", "EXECUTION_SUCCESS": return .succeeded
        case "execution_rejected", "EXECUTION_REJECTED": return .rejected
        case "terminated", "EXECUTION_TERMINATED": return .terminated
        case "execution_failed", "deploy_failed", "terminated_timeout", "terminated_shutdown", "EXECUTION_FAILED",
             "DEPLOY_FAILED", "EXECUTION_TERMINATED_TIMEOUT", "EXECUTION_TERMINATED_SHUTDOWN":
            return .failed
        default: return .unknown
        }
    }

    /// `execution_failed (EXECUTION_FAILED)`, for messages.
    public var statusText: String {
        switch (status, executionStatus) {
        case let (coarse?, detailed?): "\(coarse) (\(detailed))"
        case let (coarse?, nil): coarse
        case let (nil, detailed?): detailed
        case (nil, nil): "no status"
        }
    }
}

/// How a client classifies a run's status.
public enum TalendExecutionPhase: Sendable, Hashable {
    /// Dispatching, executing or stopping.
    case inFlight
    /// `EXECUTION_SUCCESS`.
    case succeeded
    /// `EXECUTION_REJECTED`: ran, with rejected rows (a policy decides).
    case rejected
    /// `EXECUTION_TERMINATED`: stopped by a user or the system.
    case terminated
    /// Failed, never deployed, timed out or shut down.
    case failed
    /// A value this client does not know; treated as still running (the timeout applies).
    case unknown
}
